"""Application services: glue flows, classifier, routing and storage together.

No Telegram library here either; transports call these services.
"""
