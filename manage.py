#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    from django.core.management import execute_from_command_line

    from homesec.env import prepare_run_dir

    prepare_run_dir()  # the secret key on first use, before the settings read it

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
