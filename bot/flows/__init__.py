"""Conversations as transport-independent state machines.

A step takes (state, inbound event, context) and returns (new state, outbound
actions). No Telegram library is imported here; adapters in bot/telegram
turn updates into events and actions into Bot API calls.
"""
