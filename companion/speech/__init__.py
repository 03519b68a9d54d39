"""Offline speech (no Qt): a Chinese voice found on this machine, WAV files cached by content.

``voices.find_voice()`` picks the operating system's Chinese voice (macOS ``say``, Windows SAPI
through PowerShell) or espeak-ng's Mandarin voice, and raises ``NoVoice`` with one line on how
to get one. ``cache.Speech`` turns text into a cached WAV file; ``player`` names the program that
plays it. The UI side is ``companion/ui/speech.py``.
"""
