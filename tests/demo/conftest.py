from tests.reporting.conftest import summary  # noqa: F401 - the dashboards' summary fixture, for test_reporting
