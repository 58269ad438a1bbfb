"""Local stand-ins for outside services, so the bot runs and is tested on one machine."""
