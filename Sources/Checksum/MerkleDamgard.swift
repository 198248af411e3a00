/// The buffering and padding SHA-1 and SHA-256 share (FIPS 180-4, 5.1.1): 64-byte blocks, a
/// 0x80 byte, zeros, and the message length in bits, big-endian; the state read out big-endian.
protocol MerkleDamgard {
    var state: [UInt32] { get set }
    var pending: [UInt8] { get set }
    var length: UInt64 { get set }
    mutating func compress(_ block: [UInt8])
}

extension MerkleDamgard {
    mutating func absorb(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            pending.append(byte)
            length &+= 1
            if pending.count == 64 {
                compress(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    mutating func padAndDigest() -> [UInt8] {
        let bitLength = length &* 8
        pending.append(0x80)
        while pending.count % 64 != 56 { pending.append(0) }
        for i in (0..<8).reversed() { pending.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        let blocks = pending
        pending.removeAll()
        stride(from: 0, to: blocks.count, by: 64).forEach { compress(Array(blocks[$0..<$0 + 64])) }
        return state.flatMap { word in (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> (UInt32($0) * 8)) } }
    }
}
