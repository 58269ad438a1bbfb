# One image for the bot (polling or webhook) and the portal.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY classifiers ./classifiers
# CPU-only torch, pinned; the rest from the project.
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0" \
 && pip install . \
 && python -m bot.i18n_tools compile
RUN useradd --system --uid 10001 safe-report && mkdir -p /data && chown safe-report /data
USER safe-report
ENV SAFE_REPORT_DATA_DIR=/data
ENTRYPOINT ["safe-report"]
