"""Settings: theme, reading font size, pinyin style, tone colours, translations, script, and
the Review page's new cards a day."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.settings import HANZI_SIZES, NEW_CARDS_PER_DAY, Settings
from companion.ui.labels import plain_label


class SettingsPage(QWidget):
    """Edits Settings; emits settings_changed with the new value on every change."""

    settings_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = Settings()
        title = plain_label("Settings")
        title.setObjectName("Title")
        self.theme = QComboBox()
        for key, name in (("light", "Light"), ("dark", "Dark"), ("system", "Follow system")):
            self.theme.addItem(name, key)
        self.size = QSpinBox()
        self.size.setRange(*HANZI_SIZES)
        self.size.setSuffix(" px")
        self.pinyin = QComboBox()
        for key, name in (
            ("all", "Over every word"),
            ("unknown", "Only over unknown words"),
            ("off", "Off"),
        ):
            self.pinyin.addItem(name, key)
        self.numbers = QCheckBox("Tone numbers instead of tone marks (ni3 hao3)")
        self.colors = QComboBox()
        for key, name in (
            ("pleco", "Pleco-style colours"),
            ("alt", "Alternative colours"),
            ("off", "No tone colours"),
        ):
            self.colors.addItem(name, key)
        self.translation = QCheckBox("Show English under each sentence")
        self.traditional = QCheckBox("Show traditional characters")
        self.sandhi = QCheckBox("Show the tone changes of 一 and 不 (yí ge, bú shì)")
        self.new_cards = QSpinBox()
        self.new_cards.setRange(*NEW_CARDS_PER_DAY)
        self.new_cards.setSuffix(" a day")
        self.new_cards.setToolTip(
            "How many saved words the Review page brings in for the first time each day "
            "(0: review only words already started)"
        )
        self.clipboard = QCheckBox("Read the Chinese text I copy in any program (Ctrl+Shift+C)")
        form = QFormLayout()
        form.addRow("Theme", self.theme)
        form.addRow("Reading size", self.size)
        form.addRow("Pinyin", self.pinyin)
        form.addRow("", self.numbers)
        form.addRow("Tone colours", self.colors)
        form.addRow("", self.translation)
        form.addRow("", self.traditional)
        form.addRow("", self.sandhi)
        form.addRow("New cards per day", self.new_cards)
        form.addRow("Clipboard", self.clipboard)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addStretch(1)
        for combo in (self.theme, self.pinyin, self.colors):
            combo.currentIndexChanged.connect(self._changed)
        for spin in (self.size, self.new_cards):
            spin.valueChanged.connect(self._changed)
        for box in (self.numbers, self.translation, self.traditional, self.sandhi, self.clipboard):
            box.toggled.connect(self._changed)

    def set_settings(self, settings: Settings) -> None:
        self._settings = settings
        widgets = (
            self.theme,
            self.size,
            self.pinyin,
            self.numbers,
            self.colors,
            self.translation,
            self.traditional,
            self.sandhi,
            self.new_cards,
            self.clipboard,
        )
        for w in widgets:
            w.blockSignals(True)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.size.setValue(int(settings.hanzi_size))
        self.pinyin.setCurrentIndex(max(0, self.pinyin.findData(settings.pinyin_mode)))
        self.numbers.setChecked(settings.tone_numbers)
        self.colors.setCurrentIndex(max(0, self.colors.findData(settings.tone_colors)))
        self.translation.setChecked(settings.show_translation)
        self.traditional.setChecked(settings.traditional)
        self.sandhi.setChecked(settings.sandhi)
        self.new_cards.setValue(settings.new_cards_per_day)
        self.clipboard.setChecked(settings.clipboard_reader)
        for w in widgets:
            w.blockSignals(False)

    def _changed(self) -> None:
        self._settings = self._settings.with_changes(
            theme=self.theme.currentData(),
            hanzi_size=float(self.size.value()),
            pinyin_mode=self.pinyin.currentData(),
            tone_numbers=self.numbers.isChecked(),
            tone_colors=self.colors.currentData(),
            show_translation=self.translation.isChecked(),
            traditional=self.traditional.isChecked(),
            sandhi=self.sandhi.isChecked(),
            new_cards_per_day=self.new_cards.value(),
            clipboard_reader=self.clipboard.isChecked(),
        )
        self.settings_changed.emit(self._settings)
