/// Adler-32 of the tag's UTF-8 bytes: the controller's input `id`, as a decimal string.
public enum InputID {
    public static func adler32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        let mod: UInt32 = 65521
        for byte in bytes {
            a = (a + UInt32(byte)) % mod
            b = (b + a) % mod
        }
        return (b << 16) | a
    }

    public static func of(tag: String) -> String { String(adler32(tag.utf8)) }
}
