"""easytrack: a self-hosted, multi-user paper habit tracker."""
