"""Offline sentence translation with Argos Translate models (CTranslate2 + SentencePiece); no Qt."""
