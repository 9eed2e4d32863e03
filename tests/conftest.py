from tests.planfactory import real_corpus  # noqa: F401  (fixture)
