from danvan.petitions.tests.conftest import hoanhson, hoanhson_ubnd, register

__all__ = ["hoanhson", "hoanhson_ubnd", "register"]
