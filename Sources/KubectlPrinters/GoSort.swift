// Go's sort.Sort as built into kubectl v1.32 (Go 1.23): pattern-defeating quicksort, not
// stable. kubectl's `--sort-by` comparison is not a strict order (a missing value is "less"
// than anything, itself included), so the order it produces for ties and missing values is
// whatever this exact algorithm does; reproducing it step by step is the only way to print
// the same rows.

protocol GoSortable {
    var count: Int { get }
    mutating func less(_ i: Int, _ j: Int) throws(PrinterError) -> Bool
    mutating func swap(_ i: Int, _ j: Int)
}

enum GoSort {
    static func sort<D: GoSortable>(_ data: inout D) throws(PrinterError) {
        let n = data.count
        guard n > 1 else { return }
        try pdqsort(&data, 0, n, bitLength(n))
    }

    private static func bitLength(_ n: Int) -> Int { Int.bitWidth - UInt(n).leadingZeroBitCount }

    private enum Hint { case unknown, increasing, decreasing }

    private static func insertionSort<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) throws(PrinterError) {
        var i = a + 1
        while i < b {
            var j = i
            while j > a, try d.less(j, j - 1) {
                d.swap(j, j - 1)
                j -= 1
            }
            i += 1
        }
    }

    private static func siftDown<D: GoSortable>(_ d: inout D, _ lo: Int, _ hi: Int, _ first: Int) throws(PrinterError) {
        var root = lo
        while true {
            var child = 2 * root + 1
            if child >= hi { return }
            if child + 1 < hi, try d.less(first + child, first + child + 1) { child += 1 }
            if !(try d.less(first + root, first + child)) { return }
            d.swap(first + root, first + child)
            root = child
        }
    }

    private static func heapSort<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) throws(PrinterError) {
        let first = a, lo = 0, hi = b - a
        var i = (hi - 1) / 2
        while i >= 0 {
            try siftDown(&d, i, hi, first)
            i -= 1
        }
        i = hi - 1
        while i >= 0 {
            d.swap(first, first + i)
            try siftDown(&d, lo, i, first)
            i -= 1
        }
    }

    private static func pdqsort<D: GoSortable>(_ d: inout D, _ a0: Int, _ b0: Int, _ limit0: Int) throws(PrinterError) {
        var a = a0, b = b0, limit = limit0
        var wasBalanced = true, wasPartitioned = true
        while true {
            let length = b - a
            if length <= 12 {
                try insertionSort(&d, a, b)
                return
            }
            if limit == 0 {
                try heapSort(&d, a, b)
                return
            }
            if !wasBalanced {
                breakPatterns(&d, a, b)
                limit -= 1
            }
            var (pivot, hint) = try choosePivot(&d, a, b)
            if hint == .decreasing {
                reverseRange(&d, a, b)
                pivot = (b - 1) - (pivot - a)
                hint = .increasing
            }
            if wasBalanced && wasPartitioned && hint == .increasing {
                if try partialInsertionSort(&d, a, b) { return }
            }
            // Many equal elements: put the ones equal to the pivot first and go on after them.
            if a > 0, !(try d.less(a - 1, pivot)) {
                a = try partitionEqual(&d, a, b, pivot)
                continue
            }
            let (mid, alreadyPartitioned) = try partition(&d, a, b, pivot)
            wasPartitioned = alreadyPartitioned
            let leftLen = mid - a, rightLen = b - mid
            let balanceThreshold = length / 8
            if leftLen < rightLen {
                wasBalanced = leftLen >= balanceThreshold
                try pdqsort(&d, a, mid, limit)
                a = mid + 1
            } else {
                wasBalanced = rightLen >= balanceThreshold
                try pdqsort(&d, mid + 1, b, limit)
                b = mid
            }
        }
    }

    private static func partition<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int, _ pivot: Int) throws(PrinterError) -> (Int, Bool) {
        d.swap(a, pivot)
        var i = a + 1, j = b - 1
        while i <= j, try d.less(i, a) { i += 1 }
        while i <= j, !(try d.less(j, a)) { j -= 1 }
        if i > j {
            d.swap(j, a)
            return (j, true)
        }
        d.swap(i, j)
        i += 1
        j -= 1
        while true {
            while i <= j, try d.less(i, a) { i += 1 }
            while i <= j, !(try d.less(j, a)) { j -= 1 }
            if i > j { break }
            d.swap(i, j)
            i += 1
            j -= 1
        }
        d.swap(j, a)
        return (j, false)
    }

    private static func partitionEqual<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int, _ pivot: Int) throws(PrinterError) -> Int {
        d.swap(a, pivot)
        var i = a + 1, j = b - 1
        while true {
            while i <= j, !(try d.less(a, i)) { i += 1 }
            while i <= j, try d.less(a, j) { j -= 1 }
            if i > j { break }
            d.swap(i, j)
            i += 1
            j -= 1
        }
        return i
    }

    private static func partialInsertionSort<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) throws(PrinterError) -> Bool {
        let maxSteps = 5, shortestShifting = 50
        var i = a + 1
        for _ in 0..<maxSteps {
            while i < b, !(try d.less(i, i - 1)) { i += 1 }
            if i == b { return true }
            if b - a < shortestShifting { return false }
            d.swap(i, i - 1)
            // Shift the smaller one to the left (Go stops at index 1, not at a+1).
            if i - a >= 2 {
                var j = i - 1
                while j >= 1 {
                    if !(try d.less(j, j - 1)) { break }
                    d.swap(j, j - 1)
                    j -= 1
                }
            }
            // Shift the greater one to the right.
            if b - i >= 2 {
                var j = i + 1
                while j < b {
                    if !(try d.less(j, j - 1)) { break }
                    d.swap(j, j - 1)
                    j += 1
                }
            }
        }
        return false
    }

    private static func breakPatterns<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) {
        let length = b - a
        guard length >= 8 else { return }
        // Go 1.23's xorshift (shifts 13, 17, 5), seeded with the length.
        var random = UInt64(length)
        let modulus = UInt(1) << UInt(bitLength(length))
        var idx = a + (length / 4) * 2 - 1
        while idx <= a + (length / 4) * 2 + 1 {
            random ^= random << 13
            random ^= random >> 17
            random ^= random << 5
            var other = Int(UInt(truncatingIfNeeded: random) & (modulus - 1))
            if other >= length { other -= length }
            d.swap(idx, a + other)
            idx += 1
        }
    }

    private static func choosePivot<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) throws(PrinterError) -> (Int, Hint) {
        let shortestNinther = 50, maxSwaps = 4 * 3
        let l = b - a
        var swaps = 0
        var i = a + l / 4 * 1
        var j = a + l / 4 * 2
        var k = a + l / 4 * 3
        if l >= 8 {
            if l >= shortestNinther {
                i = try medianAdjacent(&d, i, &swaps)
                j = try medianAdjacent(&d, j, &swaps)
                k = try medianAdjacent(&d, k, &swaps)
            }
            j = try median(&d, i, j, k, &swaps)
        }
        switch swaps {
        case 0: return (j, .increasing)
        case maxSwaps: return (j, .decreasing)
        default: return (j, .unknown)
        }
    }

    private static func order2<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int, _ swaps: inout Int) throws(PrinterError) -> (Int, Int) {
        if try d.less(b, a) {
            swaps += 1
            return (b, a)
        }
        return (a, b)
    }

    private static func median<D: GoSortable>(_ d: inout D, _ a0: Int, _ b0: Int, _ c0: Int, _ swaps: inout Int) throws(PrinterError) -> Int {
        var (a, b) = try order2(&d, a0, b0, &swaps)
        var c: Int
        (b, c) = try order2(&d, b, c0, &swaps)
        _ = c
        (a, b) = try order2(&d, a, b, &swaps)
        _ = a
        return b
    }

    private static func medianAdjacent<D: GoSortable>(_ d: inout D, _ a: Int, _ swaps: inout Int) throws(PrinterError) -> Int {
        try median(&d, a - 1, a, a + 1, &swaps)
    }

    private static func reverseRange<D: GoSortable>(_ d: inout D, _ a: Int, _ b: Int) {
        var i = a, j = b - 1
        while i < j {
            d.swap(i, j)
            i += 1
            j -= 1
        }
    }
}
