"""Windows: SAPI 5 voices through PowerShell's System.Speech, kept apart from the rest.

Chosen over comtypes or pywin32 (a COM binding in-process): PowerShell 5.1 and System.Speech
come with every Windows 10 and 11, so there is no dependency to ship, and the subprocess runs
the same way as ``say`` and espeak-ng do (argument list, text on stdin, a timeout). The cost is
PowerShell's start-up (about half a second) per new utterance; the cache makes repeats free.
System.Speech lists the SAPI 5 voices, which the Chinese speech pack installs ("Microsoft
Huihui Desktop"). The script picks the first enabled zh-CN, zh-SG or zh-TW voice (zh-HK speaks
Cantonese); the voice and output file come in environment variables, the text on stdin.
Not tested here (no Windows machine); everything Windows-only is in this file.
"""

from __future__ import annotations

import base64

OUT_VARIABLE = "COMPANION_SPEECH_OUT"
VOICE_VARIABLE = "COMPANION_SPEECH_VOICE"

_FIND = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$v = $s.GetInstalledVoices() | Where-Object {
  $_.Enabled -and $_.VoiceInfo.Culture.Name -match '^zh-(CN|SG|TW|Hans|Hant)'
} | Select-Object -First 1
if (-not $v) { exit 3 }
"""

_LIST = _FIND + "[Console]::Out.WriteLine($v.VoiceInfo.Name)\n"

_SPEAK = (
    _FIND
    + r"""
[Console]::InputEncoding = [System.Text.Encoding]::UTF8
$text = [Console]::In.ReadToEnd()
$s.SelectVoice($env:COMPANION_SPEECH_VOICE)
$format = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050,
  [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen,
  [System.Speech.AudioFormat.AudioChannel]::Mono)
$s.SetOutputToWaveFile($env:COMPANION_SPEECH_OUT, $format)
$s.Speak($text)
$s.Dispose()
"""
)


def arguments(*, list_only: bool) -> tuple[str, ...]:
    """PowerShell's arguments: the script, encoded (UTF-16LE base64), so nothing is quoted."""
    script = _LIST if list_only else _SPEAK
    encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    return (
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-EncodedCommand",
        encoded,
    )
