"""Severity classification: a small multilingual transformer plus a safety lexicon.

Knows nothing of Telegram or storage. The bot talks to it through
`classifiers.protocol.SeverityClassifier`.
"""
