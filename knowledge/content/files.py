"""Reading the content files: YAML that remembers the line of every key, so that each error
names the file and the line."""

import yaml


class ContentError(Exception):
    """A content file that cannot be loaded; carries the file and the line."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


class Mapping(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    start_line = 1
    key_lines: dict


class Sequence(list):
    start_line = 1


class LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = Mapping(super().construct_mapping(node, deep=True))
        mapping.start_line = node.start_mark.line + 1
        mapping.key_lines = {
            self.construct_object(key_node, deep=True): key_node.start_mark.line + 1
            for key_node, _value in node.value
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = Sequence(super().construct_sequence(node, deep=True))
        sequence.start_line = node.start_mark.line + 1
        return sequence


LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping
)
LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, LineLoader.construct_sequence
)


def read_yaml(path, display):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(display, 1, f"not UTF-8 text ({error.reason})") from None
    try:
        return yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError(display, line, f"YAML syntax: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise ContentError(display, 1, f"YAML: {error}") from None
