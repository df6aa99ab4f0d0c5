from .pages import *  # noqa: F403
from .snippets import *  # noqa: F403
from .taxonomy import *  # noqa: F403
