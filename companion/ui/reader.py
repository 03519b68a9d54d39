"""The reader: one post with pinyin, sentence translations streaming in, lookup and comments."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.language.document import Sentence, Token
from companion.library import Library
from companion.library_words import ReadablePost, annotate_post
from companion.settings import Settings
from companion.speech.text import clip
from companion.store.listing import Difficulty
from companion.store.models import WordStatus
from companion.store.posts import StoredPost
from companion.translation.gloss import gloss
from companion.ui import theme as themes
from companion.ui.annotated_text import AnnotatedTextWidget, ReaderOptions
from companion.ui.card_text import badge_text, format_likes
from companion.ui.image_text import ImageTextPanel, ImageView, Unit, load_gallery
from companion.ui.known_actions import MarkAllKnown, OpenPostSync
from companion.ui.labels import plain_label
from companion.ui.lookup import LookupCard
from companion.ui.reading_position import ReadingPosition
from companion.ui.speech import SpeakButton
from companion.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

GALLERY_HEIGHT = 220
TRANSLATION_CHUNK = 6
"""Sentences per translation batch: small enough that lines appear as they are done."""


class ReaderPage(QWidget):
    """Shows one post; emits back_requested to return to the feed."""

    back_requested = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        library_call: Callable[..., None],
        runner: TaskRunner,
        library: Callable[[], Library | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = library_call  # run fn(library, *args) on the database thread, with callbacks
        self.runner = runner
        self._library = library
        self.post: ReadablePost | None = None
        self.settings = Settings()
        self._texts: list[AnnotatedTextWidget] = []
        self._active: tuple[AnnotatedTextWidget, Token, Sentence] | None = None
        self._translation_job = 0

        bar = self._make_bar(library_call)

        self.title_text = AnnotatedTextWidget()
        self.meta = plain_label()
        self.meta.setObjectName("Muted")
        self.tags = plain_label()
        self.tags.setObjectName("Tags")
        self.gallery = QHBoxLayout()
        self.gallery.setSpacing(8)
        self.body_text = AnnotatedTextWidget()
        self.image_text = ImageTextPanel(
            library_call,
            runner,
            library,
            self._watch,
            lambda: self.post.statuses if self.post else {},
        )
        self.image_text.documents_shown.connect(self._image_text_shown)
        self.comments_box = QVBoxLayout()
        self.comments_box.setSpacing(10)
        self.comments_title = plain_label("Comments")
        self.comments_title.setObjectName("Title")

        content = QWidget()
        content.setObjectName("ReaderContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(32, 16, 32, 32)
        column.setSpacing(10)
        column.addLayout(self.gallery)
        column.addWidget(self.title_text)
        column.addWidget(self.meta)
        column.addWidget(self.tags)
        column.addWidget(self.body_text)
        column.addWidget(self.image_text)  # the text read in the pictures, after the post's
        column.addSpacing(12)
        column.addWidget(self.comments_title)
        column.addLayout(self.comments_box)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.position = ReadingPosition(self.scroll, self._texts_all)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.mark_known.toast)

        self.lookup = LookupCard(self)
        self.lookup.add_requested.connect(self._add_word)
        self.lookup.status_requested.connect(self._set_status)
        self.lookup.merge_requested.connect(self._merge)
        self.lookup.split_requested.connect(self._split)
        for text in (self.title_text, self.body_text):
            self._watch(text)
        for key, slot, what in (  # what each key does: the shortcut sheet (?) shows it
            (Qt.Key.Key_Space, self.translation_toggle.toggle, "Show or hide the translations"),
            (Qt.Key.Key_A, self.lookup.add_shortcut, "Save the looked-up word"),
            (Qt.Key.Key_K, self.lookup.known_shortcut, "Mark the looked-up word known"),
        ):
            QShortcut(QKeySequence(key), self, slot).setWhatsThis(what)

    def _make_bar(self, library_call: Callable[..., None]) -> QHBoxLayout:
        """The header: back to the feed, Listen, the pinyin mode, translations, Mark all known
        (and the open post following writes made elsewhere)."""
        back = QPushButton("← Feed")
        back.clicked.connect(self.back_requested)
        self.pinyin_mode = QComboBox()
        self.pinyin_mode.addItem("Pinyin: all words", "all")
        self.pinyin_mode.addItem("Pinyin: unknown words", "unknown")
        self.pinyin_mode.addItem("Pinyin: off", "off")
        self.pinyin_mode.currentIndexChanged.connect(self._options_changed)
        self.translation_toggle = QPushButton("Translation")
        self.translation_toggle.setCheckable(True)
        self.translation_toggle.setChecked(True)
        self.translation_toggle.setToolTip("Show English under each sentence (Space)")
        self.translation_toggle.toggled.connect(self._options_changed)
        self.known_button = QPushButton("Mark all known")
        self.known_button.setToolTip("Mark every word of this post you have not saved as known")
        self.mark_known = MarkAllKnown(
            self,
            library_call,
            lambda: self.post.stored.id if self.post else None,
            lambda: self.post.statuses if self.post else None,
            self._statuses_changed,
            self.status_message.emit,
        )
        self.known_button.clicked.connect(self.mark_known.start)
        # Writes made elsewhere (the Vocabulary page, K): the open post shows them.
        self.follow = OpenPostSync(
            library_call,
            lambda: self.post.stored.id if self.post else None,
            self._show_words,
            self._show_meta,
        ).follow
        self.listen_button = SpeakButton(
            self.spoken_text, label="Listen", tooltip="Listen to the post, or the selected text"
        )
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addStretch(1)
        bar.addWidget(self.listen_button)
        bar.addWidget(self.pinyin_mode)
        bar.addWidget(self.translation_toggle)
        bar.addWidget(self.known_button)
        return bar

    # -- settings -------------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        index = self.pinyin_mode.findData(settings.pinyin_mode)
        self.pinyin_mode.blockSignals(True)
        self.pinyin_mode.setCurrentIndex(max(index, 0))
        self.pinyin_mode.blockSignals(False)
        self.translation_toggle.blockSignals(True)
        self.translation_toggle.setChecked(settings.show_translation)
        self.translation_toggle.blockSignals(False)
        self._push_options()

    def apply_theme(self, theme: themes.Theme) -> None:
        for text in self._texts_all():
            text.set_theme(theme)
        self.image_text.apply_theme(theme)
        self.lookup.apply_theme(theme)

    def options(self) -> ReaderOptions:
        s = self.settings
        return ReaderOptions(
            pinyin_mode=self.pinyin_mode.currentData() or s.pinyin_mode,  # type: ignore[arg-type]
            tone_numbers=s.tone_numbers,
            tone_colors=s.tone_colors,  # type: ignore[arg-type]
            show_translation=self.translation_toggle.isChecked(),
            hanzi_size=s.hanzi_size,
            traditional=s.traditional,
            sandhi=s.sandhi,
        )

    def _options_changed(self) -> None:
        self._push_options()

    def _push_options(self) -> None:
        options = self.options()
        self.title_text.set_options(
            ReaderOptions(**{**options.__dict__, "hanzi_size": options.hanzi_size * 1.25})
        )
        for text in self._texts_all():
            if text is not self.title_text:
                text.set_options(options)

    def spoken_text(self) -> str:
        """What Listen says: the selected text if any, else the title and body (clipped)."""
        selected = next((t.selected_text() for t in self._texts_all() if t.selected_text()), "")
        if selected or self.post is None:
            return selected
        return clip(f"{self.post.title.text}。\n{self.post.body.text}")

    def _texts_all(self) -> list[AnnotatedTextWidget]:
        return [self.title_text, self.body_text, *self._texts, *self.image_text.texts()]

    def _image_text_shown(self) -> None:
        self._push_options()
        self._translate(self.image_text.units())

    def _watch(self, text: AnnotatedTextWidget) -> None:
        text.word_activated.connect(
            lambda token, sentence, t=text: self._activate(t, token, sentence)
        )

    # -- opening a post -----------------------------------------------------------------

    def open_post(self, post_id: int, on_ready: Callable[[], None] | None = None) -> None:
        """Load and annotate in the background; the page fills in when it is ready."""
        self.lookup.hide()
        self.status_message.emit("Opening post…")

        def ready(post: ReadablePost) -> None:
            self.show_post(post)
            if on_ready is not None:
                on_ready()

        def loaded(found: tuple[StoredPost, dict[str, WordStatus], set[str]]) -> None:
            library = self._library()
            if library is None:
                return
            # SQLite on the database thread, annotation (CPU) on the general pool: a long post
            # never holds up the status saves queued behind it.
            self.runner.run(
                lambda: annotate_post(library.engine, *found),
                on_success=ready,
                on_failure=self._failed_to_open,
            )

        self._db(Library.load_post, post_id, on_success=loaded)

    def _failed_to_open(self, error: Exception, trace: str) -> None:
        log.error("could not open the post: %s\n%s", error, trace)
        self.status_message.emit(f"Could not open the post: {error}")

    def reload(self) -> None:
        """Annotate the open post again (after an engine option changed)."""
        if self.post is not None:
            self.open_post(self.post.stored.id)

    def show_post(self, post: ReadablePost) -> None:
        same = self.post is not None and self.post.stored.id == post.stored.id
        self.post = post
        stored = post.stored
        p = stored.post
        self.title_text.set_document(post.title, post.statuses, post.saved)
        self._show_meta(stored.difficulty)
        self.tags.setText("  ".join(f"#{t}" for t in p.tags))
        self.body_text.set_document(post.body, post.statuses, post.saved)
        self._fill_gallery(stored)
        self._fill_comments(post)
        self._push_options()
        if same:  # read again (a merge or split): the learner's place is kept
            self.position.hold(self.position.place())
        else:
            self.position.to_top()
        self._translation_job += 1  # translations still streaming for the last post stop
        self._translate()
        self.image_text.open(stored.id)
        self.status_message.emit("")

    def _fill_gallery(self, stored: StoredPost) -> None:
        """Post images, decoded and scaled on a worker thread (a post may carry nine photos)."""
        while self.gallery.count():
            item = self.gallery.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.gallery.addStretch(1)
        library = self._library()
        if library is None:
            return
        paths = [(i, library.image_path(image)) for i, image in enumerate(stored.post.images[:9])]
        files = [(i, str(p)) for i, p in paths if p is not None]
        ratio = self.devicePixelRatioF()
        post_id = stored.id

        def shown(images: list[tuple[int, QImage]]) -> None:
            if self.post is None or self.post.stored.id != post_id:
                return  # another post is open now
            views = []
            for position, image in images:
                image.setDevicePixelRatio(ratio)
                views.append(ImageView(position, image))
                self.gallery.insertWidget(self.gallery.count() - 1, views[-1])
            self.image_text.set_views(views)

        if files:
            self.runner.run(load_gallery, files, int(GALLERY_HEIGHT * ratio), on_success=shown)

    def _fill_comments(self, post: ReadablePost) -> None:
        for text in self._texts:
            text.deleteLater()
        self._texts = []
        while self.comments_box.count():
            item = self.comments_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.comments_title.setVisible(bool(post.comments))
        for author, reply, document in post.comments:
            frame = QFrame()
            frame.setObjectName("Card")
            box = QVBoxLayout(frame)
            box.setContentsMargins(14 + (28 if reply else 0), 8, 14, 8)
            name = plain_label(("↳ " if reply else "") + author)
            name.setObjectName("Muted")
            text = AnnotatedTextWidget()
            text.set_document(document, post.statuses, post.saved)
            text.set_theme(themes.current())
            self._watch(text)
            box.addWidget(name)
            box.addWidget(text)
            self.comments_box.addWidget(frame)
            self._texts.append(text)

    # -- translations ---------------------------------------------------------------------

    def retranslate(self) -> None:
        """Translate the open post again (a model was installed or removed)."""
        self._translate()

    def _units(self) -> list[tuple[AnnotatedTextWidget, int, Sentence]]:
        units = []
        if self.post is None:
            return units
        docs = [(self.title_text, self.post.title), (self.body_text, self.post.body)]
        docs += [(t, d) for t, (_a, _r, d) in zip(self._texts, self.post.comments, strict=True)]
        for widget, document in docs:
            for index, sentence in enumerate(document.sentences):
                if any(t.is_chinese for t in sentence.tokens):
                    units.append((widget, index, sentence))
        return units

    def _translate(self, units: list[Unit] | None = None) -> None:
        """Included translations at once; the rest from the model, streaming in, or a gloss
        (the post's sentences, or those of units)."""
        if self.post is None:
            return
        included = self.post.stored.post.translations
        pending = []
        for widget, index, sentence in self._units() if units is None else units:
            text = sentence.text.strip()
            if text in included:
                widget.set_translation(index, included[text])
            else:
                pending.append((widget, index, sentence))
        if not pending:
            return
        library = self._library()
        job_id = self._translation_job
        sentences = [s.text for _w, _i, s in pending]
        glosses = [gloss(s) for _w, _i, s in pending]

        def show_glosses() -> None:
            if job_id == self._translation_job:
                for (widget, index, _s), g in zip(pending, glosses, strict=True):
                    widget.set_translation(index, None, g)

        if library is None:
            show_glosses()
            return

        def work(progress: Callable[[int, int | None, object], None]) -> bool:
            if not library.translator.available():
                return False  # checked here: it reads the models folder
            for start in range(0, len(sentences), TRANSLATION_CHUNK):
                chunk = sentences[start : start + TRANSLATION_CHUNK]
                progress(start, len(sentences), (start, library.translator.translate(chunk)))
            return True

        def arrived(_done: int, _total: int | None, payload: object) -> None:
            if job_id != self._translation_job:
                return  # another post is open now
            start, lines = payload  # type: ignore[misc]
            for offset, line in enumerate(lines):
                widget, index, _s = pending[start + offset]
                widget.set_translation(index, line, glosses[start + offset])

        def finished(translated: bool) -> None:
            if not translated:
                show_glosses()

        def failed(error: Exception, _trace: str) -> None:
            self.status_message.emit(f"Translation failed: {error}")
            show_glosses()

        self.runner.run(work, on_success=finished, on_progress=arrived, on_failure=failed)

    # -- lookup and vocabulary ----------------------------------------------------------

    def _activate(self, widget: AnnotatedTextWidget, token: Token, sentence: Sentence) -> None:
        library = self._library()
        if library is None or self.post is None:
            return
        self._active = (widget, token, sentence)
        self.lookup.sentence = sentence.text.strip()
        from companion.language.details import describe  # with the engine: not at start-up

        details = describe(token, library.engine)
        status = self.post.statuses.get(token.text, WordStatus.NEW)
        self.lookup.show_details(details, status, token.text in self.post.saved)
        self._place_lookup(widget, token)
        self.lookup.show()
        self.lookup.raise_()

    def _place_lookup(self, widget: AnnotatedTextWidget, token: Token) -> None:
        index = next((i for i, t in enumerate(widget.tokens()) if t.start == token.start), None)
        rect = widget.token_rect(index) if index is not None else None
        anchor = widget.mapTo(self, rect.bottomLeft().toPoint()) if rect else QPoint(40, 80)
        x = min(max(8, anchor.x()), max(8, self.width() - self.lookup.width() - 8))
        y = anchor.y() + 8
        if y + self.lookup.height() > self.height() - 8:
            top = widget.mapTo(self, rect.topLeft().toPoint()).y() if rect else y
            y = max(8, top - self.lookup.height() - 8)
        self.lookup.move(x, y)

    def _add_word(self, word: str) -> None:
        if self._active is None or self.post is None:
            return
        _widget, _token, sentence = self._active
        post_id = self.post.stored.id

        def added(_entry: object) -> None:
            assert self.post is not None
            self.post.saved.add(word)
            for text in self._texts_all():
                text.set_saved(self.post.saved)
            self.lookup.show_details(self.lookup.details, self.lookup.status, True)  # type: ignore[arg-type]
            self.status_message.emit(f"Saved {word} to your vocabulary")

        self._db(
            lambda lib: lib.add_word(word, post_id=post_id, sentence=sentence.text.strip()),
            on_success=added,
        )

    def _set_status(self, word: str, status: WordStatus) -> None:
        def changed(_words: object) -> None:
            assert self.post is not None
            self.post.statuses[word] = status
            for text in self._texts_all():
                text.set_statuses(self.post.statuses)
            if self.lookup.details is not None:
                self.lookup.show_details(self.lookup.details, status, word in self.post.saved)
            self.status_message.emit(f"{word} is now {status.name.lower()}")

        self._db(lambda lib: lib.set_status([word], status), on_success=changed)

    def _show_meta(self, difficulty: Difficulty | None) -> None:
        assert self.post is not None
        p = self.post.stored.post
        badge = badge_text(difficulty) or ""
        likes, collects = format_likes(p.likes), format_likes(p.collects)
        parts = [p.author, f"♥ {likes}", f"☆ {collects}", p.location, badge]
        self.meta.setText("   ·   ".join(x for x in parts if x))

    def _show_words(self, statuses: dict[str, WordStatus], saved: set[str]) -> None:
        assert self.post is not None
        self.post.statuses.clear()
        self.post.statuses.update(statuses)
        self.post.saved.clear()
        self.post.saved.update(saved)
        for text in self._texts_all():
            text.set_statuses(statuses)
            text.set_saved(saved)

    def _statuses_changed(self) -> None:
        if self.post is not None:
            for text in self._texts_all():
                text.set_statuses(self.post.statuses)

    def _merge(self) -> None:
        if self._active is None or self.post is None:
            return
        widget, token, _sentence = self._active
        tokens = widget.tokens()
        index = next((i for i, t in enumerate(tokens) if t.start == token.start), None)
        following = next((t for t in tokens[(index or 0) + 1 :] if t.is_chinese), None)
        if index is None or following is None or following.start != token.end:
            self.status_message.emit("Nothing to merge with: the next word is not right after it")
            return
        merged = token.text + following.text
        self._fix(lambda lib: lib.merge_words(merged), f"{merged} is now one word")

    def _split(self, word: str) -> None:
        self._fix(lambda lib: lib.split_word(word), f"{word} is now split")

    def _fix(self, action: Callable[[Library], object], message: str) -> None:
        """A merge or split; the window re-reads the open post (the change is segmentation)."""

        def done(_r: object) -> None:
            self.lookup.hide()
            self.status_message.emit(message)

        self._db(action, on_success=done)
