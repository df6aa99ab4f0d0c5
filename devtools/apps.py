from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmarks and development commands: installed by the dev and test settings only, so
    that nothing in production can run them."""

    name = "devtools"
    verbose_name = "Development tools"
