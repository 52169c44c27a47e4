"""kabar: news from Japanese media for Indonesian readers."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/kabar-news/kabar"
