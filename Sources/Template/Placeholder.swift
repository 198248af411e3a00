// The Go text/template engine lands here (issue 4).
enum TemplatePlaceholder {}
