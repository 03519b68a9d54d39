"""The Chinese text engine: segmentation, pinyin, dictionary, HSK levels, slang and annotation.

Pure Python with no Qt; every heavy resource loads lazily on first use.
"""
