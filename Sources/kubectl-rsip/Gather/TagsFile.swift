import Analysis
import Failure

/// `--tags-file PATH` (or `-` for stdin), read and parsed into a tag list.
enum TagsFile {
    static func read(_ path: String, context: CommandContext) throws(UserError) -> TagList {
        try TagList.parse(InputFile.read(path, flag: "--tags-file", context: context), source: InputFile.label(path))
    }
}
