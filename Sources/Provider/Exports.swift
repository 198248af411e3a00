// GoRegex lived here before the template functions needed it too; importing Provider still
// brings it (the version command prints `GoRegex.libraryName`).
@_exported import GoRegexp
