"""Companion: read Chinese posts with pinyin, a dictionary, translations and flashcards."""

__version__ = "0.1.0"
