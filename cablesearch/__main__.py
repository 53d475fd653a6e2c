"""`python -m cablesearch` runs the CLI."""

from cablesearch.cli import main

if __name__ == "__main__":
    main()
