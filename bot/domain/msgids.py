"""The msgid marker, here so that data in any layer can be marked (the domain's place
names included); `bot.i18n` offers it to everyone else."""


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
