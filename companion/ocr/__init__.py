"""Text in pictures: recognition (engine), decoding (images) and screenshots as posts."""
