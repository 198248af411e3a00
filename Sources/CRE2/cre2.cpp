// RE2 shim (issue 3)
