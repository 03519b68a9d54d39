"""Text read in post images is kept per picture content: a picture is read once, whichever
posts show it, and a changed file is read again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.library import Library
from companion.library_image_text import hash_images
from companion.paths import DataDir
from companion.store.image_text import ImageText, TextLine, TextState

LINES = (
    TextLine("上海探店", (60, 250, 330, 315), 0.99),
    TextLine("这家小笼包", (60, 335, 400, 405), 0.98),
)


@pytest.fixture
def samples(data_dir: DataDir) -> Iterator[Library]:
    """A library with the sample posts, whose covers are local files."""
    lib = Library(data_dir)
    yield lib
    lib.close()


def _file(lib: Library, local_path: str) -> Path:
    return lib.data.root / local_path


def test_a_saved_reading_comes_back_with_its_lines_and_boxes(samples: Library) -> None:
    todo = samples.images_to_read()
    assert len(todo) == 32 and todo[0].post_id == 1
    (image, digest), *_ = hash_images(samples.data.root, todo[:1])
    changes = samples.save_image_text(image, ImageText(digest, TextState.READ, LINES, 600, 800))
    assert changes.image_text
    assert image not in samples.images_to_read()
    [found] = samples.post_image_texts(image.post_id)
    assert (found.image_id, found.position) == (image.image_id, 0)
    assert found.text == ImageText(digest, TextState.READ, LINES, 600, 800)


@pytest.mark.parametrize("state", [TextState.NONE, TextState.FAILED])
def test_a_picture_without_text_is_not_read_again(samples: Library, state: TextState) -> None:
    image = samples.images_to_read()[0]
    [(_, digest)] = hash_images(samples.data.root, [image])
    samples.save_image_text(image, ImageText(digest, state, message="why"))
    assert image not in samples.images_to_read()
    assert samples.post_image_texts(image.post_id)[0].text.state is state


def test_the_same_picture_in_another_post_is_linked_not_read(samples: Library) -> None:
    first, second = samples.images_to_read()[:2]
    shutil.copyfile(_file(samples, first.local_path), _file(samples, second.local_path))
    hashed = hash_images(samples.data.root, [first, second])
    assert hashed[0][1] == hashed[1][1]
    assert samples.link_known(hashed).value == hashed  # nothing read yet
    samples.save_image_text(first, ImageText(hashed[0][1], TextState.READ, LINES, 600, 800))
    result = samples.link_known(hashed[1:])
    assert result.value == [] and result.changes.image_text
    assert samples.post_image_texts(second.post_id)[0].text.lines == LINES
    assert {first, second}.isdisjoint(samples.images_to_read())


def test_only_the_posts_asked_for_are_listed(samples: Library) -> None:
    assert {i.post_id for i in samples.images_to_read([2, 3])} == {2, 3}
    assert samples.images_to_read([], limit=5) == []
    assert len(samples.images_to_read(limit=5)) == 5


def test_a_missing_file_is_left_out(samples: Library) -> None:
    first, second = samples.images_to_read()[:2]
    _file(samples, first.local_path).unlink()
    assert [image for image, _ in hash_images(samples.data.root, [first, second])] == [second]
