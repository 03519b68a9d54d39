# Install Companion from this offline bundle on Windows: no internet needed.
#   powershell -ExecutionPolicy Bypass -File install.ps1
#   ... -Venv DIR      the virtual environment (default: %LOCALAPPDATA%\companion-reader\venv)
#   ... -Python PY     the Python to create it with (default: py -@PYTHON_VERSION@, else python)
#   ... -DataDir DIR   install models into this data dir (default: %COMPANION_HOME%, else
#                      %LOCALAPPDATA%\Companion)
# Built for Python @PYTHON_VERSION@ on @PLATFORMS@.
param(
    [string]$Venv = (Join-Path $env:LOCALAPPDATA "companion-reader\venv"),
    [string]$Python = "",
    [string]$DataDir = ""
)
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Want = "@PYTHON_VERSION@"

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    $PyArgs = @()
    if (-not $Python) {
        if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py"; $PyArgs = @("-$Want") }
        else { $Python = "python" }
    }
    $Have = & $Python @PyArgs -c "import sys; print('%d.%d' % sys.version_info[:2])"
    if ($Have -ne $Want) { throw "this bundle's wheels are for Python $Want, but $Python is $Have" }
    Write-Host "==> creating $Venv"
    Invoke-Checked $Python ($PyArgs + @("-m", "venv", $Venv))
}

Write-Host "==> installing Companion from $Here\wheels"
Invoke-Checked $VenvPython @("-m", "pip", "install", "--disable-pip-version-check", "--no-index",
    "--find-links", (Join-Path $Here "wheels"), "--upgrade", "companion-reader")

$Companion = Join-Path $Venv "Scripts\companion.exe"
if ($DataDir) { $env:COMPANION_HOME = $DataDir }
Get-ChildItem -Path (Join-Path $Here "models") -Filter *.argosmodel -ErrorAction SilentlyContinue |
    ForEach-Object {
        Write-Host "==> installing translation model $($_.Name)"
        Invoke-Checked $Companion @("models", "install", $_.FullName)
    }
Write-Host "Companion is installed: run $Companion (the app) or '$Companion --help'."
