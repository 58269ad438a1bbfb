"""The python-telegram-bot (v22) transport, chosen with SAFE_REPORT_TRANSPORT=ptb."""
