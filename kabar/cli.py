"""The `kabar` command: kabar's own subcommands plus every Django management command.

kabar serve | sources load FILE | sources list | import FILE | export FILE | demo-data
kabar migrate | createsuperuser | shell -c ...   (passed through to Django)
"""

from __future__ import annotations

import os
import sys

# `kabar import` cannot be a module called import.py, so a few names are mapped.
ALIASES = {
    "import": "import_articles",
    "export": "export_articles",
    "demo-data": "demo_data",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")
    argv[0] = "kabar"

    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"kabar: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line, get_commands, load_command_class

    if len(argv) > 1 and argv[1] in ALIASES:
        # Run the aliased command directly so its usage line reads "kabar import", not "import_articles".
        name = ALIASES[argv[1]]
        load_command_class(get_commands()[name], name).run_from_argv(argv)
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
