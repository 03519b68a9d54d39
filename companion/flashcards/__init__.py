"""Flashcards from the vocabulary: Anki .apkg (genanki), CSV/TSV and Pleco text; no Qt."""
