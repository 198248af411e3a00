// Go's time.Time for slim-sprig's date functions (toDate, mustToDate, unixEpoch,
// mustDateModify, ago, durationRound): the reference-layout parser and formatter of Go's
// time/format.go, with the controller's `time.Local` (UTC: its image has no zone database
// and no TZ).

import Foundation
import GoCompat
import Timestamp
import YAML

struct GoTime: Sendable, Equatable {
    /// Seconds since the Unix epoch, and the nanoseconds within that second (0..<1e9).
    var seconds: Int64
    var nanos: Int64
    /// The zone: seconds east of UTC and its abbreviation ("" for an unnamed fixed offset,
    /// which prints as `+0200`).
    var offset: Int
    var zone: String

    /// time.Time{}: `0001-01-01 00:00:00 +0000 UTC`.
    static let zero = GoTime(seconds: -62_135_596_800, nanos: 0, offset: 0, zone: "UTC")

    /// A Unix time in the controller's local zone (UTC).
    static func unix(_ seconds: Int64, _ nanos: Int64 = 0) -> GoTime {
        GoTime(seconds: seconds, nanos: nanos, offset: 0, zone: "UTC")
    }

    /// The clock reading the caller rendered with (only `ago` and `durationRound` of a time read
    /// it), as Go's time.Now would give it: seconds since the epoch, in UTC.
    static func at(_ t: Double) -> GoTime {
        let whole = t.rounded(.down)
        return unix(Int64(whole), min(999_999_999, Int64(((t - whole) * 1e9).rounded())))
    }

    /// Nanoseconds since the epoch, wrapping like Go's UnixNano outside its range.
    var unixNano: Int64 { seconds &* 1_000_000_000 &+ nanos }

    /// Time.Add.
    func adding(nanoseconds d: Int64) -> GoTime {
        var t = self
        var dsec = d / 1_000_000_000
        var ns = nanos + d % 1_000_000_000
        if ns >= 1_000_000_000 { dsec += 1; ns -= 1_000_000_000 } else if ns < 0 { dsec -= 1; ns += 1_000_000_000 }
        t.seconds = seconds &+ dsec
        t.nanos = ns
        return t
    }

    /// time.Since(t) in nanoseconds at `now`, saturating as Go's Sub does.
    func since(_ now: GoTime) -> Int64 {
        let (s, o1) = now.seconds.subtractingReportingOverflow(seconds)
        let (ns, o2) = s.multipliedReportingOverflow(by: 1_000_000_000)
        let (d, o3) = ns.addingReportingOverflow(now.nanos - nanos)
        if o1 || o2 || o3 { return now.seconds >= seconds ? Int64.max : Int64.min }
        return d
    }

    // MARK: - calendar

    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        var yearDay: Int, weekday: Int
    }

    var civil: Civil {
        let local = seconds &+ Int64(offset)
        let (q, r) = local.quotientAndRemainder(dividingBy: 86_400)
        let days = r < 0 ? q - 1 : q
        let secondOfDay = Int(local - days * 86_400)
        let (y, m, d) = RFC3339.civilFromDays(Int(days))
        let yday = Int(days) - RFC3339.daysFromCivil(y, 1, 1) + 1
        let weekday = ((Int(days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        return Civil(year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                     second: secondOfDay % 60, yearDay: yday, weekday: weekday)
    }

    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysIn(month m: Int, year y: Int) -> Int {
        if m == 2 { return isLeap(y) ? 29 : 28 }
        return [4, 6, 9, 11].contains(m) ? 30 : 31
    }

    // MARK: - text

    /// Time.String: `2006-01-02 15:04:05.999999999 -0700 MST`.
    var description: String { format("2006-01-02 15:04:05.999999999 -0700 MST") }

    /// MarshalJSON's RFC 3339 text (quoted), or Go's error for years it cannot write.
    func json() throws(FunctionError) -> String {
        let c = civil
        guard (0...9999).contains(c.year) else {
            throw FunctionError("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]")
        }
        return "\"" + rfc3339 + "\""
    }

    /// RFC3339Nano, as MarshalJSON writes it.
    var rfc3339: String { format("2006-01-02T15:04:05.999999999Z07:00") }

    /// What a template gets for `.Name` on a time.Time: its methods without arguments.
    func method(_ name: String) -> RV? {
        let c = civil
        switch name {
        case "Year": return RV(.int(Int64(c.year)))
        case "YearDay": return RV(.int(Int64(c.yearDay)))
        case "Day": return RV(.int(Int64(c.day)))
        case "Hour": return RV(.int(Int64(c.hour)))
        case "Minute": return RV(.int(Int64(c.minute)))
        case "Second": return RV(.int(Int64(c.second)))
        case "Nanosecond": return RV(.int(nanos))
        case "Unix": return RV(.int(seconds), type: .int64)
        case "UnixMilli": return RV(.int(seconds &* 1000 &+ nanos / 1_000_000), type: .int64)
        case "UnixMicro": return RV(.int(seconds &* 1_000_000 &+ nanos / 1000), type: .int64)
        case "UnixNano": return RV(.int(unixNano), type: .int64)
        case "IsZero": return RV(.bool(seconds == GoTime.zero.seconds && nanos == 0))
        case "String": return RV(.string(description))
        case "Month": return RV(.string(GoTime.longMonths[c.month - 1]))
        case "Weekday": return RV(.string(GoTime.longDays[c.weekday]))
        case "UTC", "Local": return RV(time: GoTime(seconds: seconds, nanos: nanos, offset: 0, zone: "UTC"))
        default: return nil
        }
    }

    // MARK: - layouts (time/format.go)

    enum Std: Equatable {
        case longMonth, month, numMonth, zeroMonth, longWeekDay, weekDay, day, underDay, zeroDay
        case underYearDay, zeroYearDay, hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year, pm, lowerPM, tz
        case iso8601TZ, iso8601SecondsTZ, iso8601ShortTZ, iso8601ColonTZ, iso8601ColonSecondsTZ
        case numTZ, numSecondsTZ, numShortTZ, numColonTZ, numColonSecondsTZ
        /// `.000` (exact digits) / `.999` (trailing zeros dropped), with the separator.
        case fracSecond0(digits: Int, separator: UInt8), fracSecond9(digits: Int, separator: UInt8)

        var isISO8601: Bool {
            [.iso8601TZ, .iso8601SecondsTZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601ColonSecondsTZ].contains(self)
        }
    }

    /// nextStdChunk: the text before the first layout element, the element, and the rest.
    static func nextChunk(_ l: ArraySlice<UInt8>) -> (prefix: ArraySlice<UInt8>, std: Std?, suffix: ArraySlice<UInt8>) {
        let b = l.startIndex
        func has(_ i: Int, _ s: String) -> Bool { l[i...].starts(with: s.utf8) }
        func at(_ i: Int) -> UInt8? { i < l.endIndex ? l[i] : nil }
        func lowerAt(_ i: Int) -> Bool { at(i).map { $0 >= 0x61 && $0 <= 0x7A } ?? false }
        func digitAt(_ i: Int) -> Bool { at(i).map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        var i = b
        while i < l.endIndex {
            let pre = l[b..<i]
            switch l[i] {
            case UInt8(ascii: "J"):
                if has(i, "Jan") {
                    if has(i, "January") { return (pre, .longMonth, l[(i + 7)...]) }
                    if !lowerAt(i + 3) { return (pre, .month, l[(i + 3)...]) }
                }
            case UInt8(ascii: "M"):
                if has(i, "Mon") {
                    if has(i, "Monday") { return (pre, .longWeekDay, l[(i + 6)...]) }
                    if !lowerAt(i + 3) { return (pre, .weekDay, l[(i + 3)...]) }
                }
                if has(i, "MST") { return (pre, .tz, l[(i + 3)...]) }
            case UInt8(ascii: "0"):
                if let c = at(i + 1), c >= UInt8(ascii: "1"), c <= UInt8(ascii: "6") {
                    let std: [Std] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    return (pre, std[Int(c - UInt8(ascii: "1"))], l[(i + 2)...])
                }
                if has(i, "002") { return (pre, .zeroYearDay, l[(i + 3)...]) }
            case UInt8(ascii: "1"):
                if at(i + 1) == UInt8(ascii: "5") { return (pre, .hour, l[(i + 2)...]) }
                return (pre, .numMonth, l[(i + 1)...])
            case UInt8(ascii: "2"):
                if has(i, "2006") { return (pre, .longYear, l[(i + 4)...]) }
                return (pre, .day, l[(i + 1)...])
            case UInt8(ascii: "_"):
                if at(i + 1) == UInt8(ascii: "2") {
                    // _2006 is a literal _ and then the long year.
                    if has(i + 1, "2006") { return (l[b...i], .longYear, l[(i + 5)...]) }
                    return (pre, .underDay, l[(i + 2)...])
                }
                if has(i, "__2") { return (pre, .underYearDay, l[(i + 3)...]) }
            case UInt8(ascii: "3"): return (pre, .hour12, l[(i + 1)...])
            case UInt8(ascii: "4"): return (pre, .minute, l[(i + 1)...])
            case UInt8(ascii: "5"): return (pre, .second, l[(i + 1)...])
            case UInt8(ascii: "P"):
                if at(i + 1) == UInt8(ascii: "M") { return (pre, .pm, l[(i + 2)...]) }
            case UInt8(ascii: "p"):
                if at(i + 1) == UInt8(ascii: "m") { return (pre, .lowerPM, l[(i + 2)...]) }
            case UInt8(ascii: "-"):
                if has(i, "-070000") { return (pre, .numSecondsTZ, l[(i + 7)...]) }
                if has(i, "-07:00:00") { return (pre, .numColonSecondsTZ, l[(i + 9)...]) }
                if has(i, "-0700") { return (pre, .numTZ, l[(i + 5)...]) }
                if has(i, "-07:00") { return (pre, .numColonTZ, l[(i + 6)...]) }
                if has(i, "-07") { return (pre, .numShortTZ, l[(i + 3)...]) }
            case UInt8(ascii: "Z"):
                if has(i, "Z070000") { return (pre, .iso8601SecondsTZ, l[(i + 7)...]) }
                if has(i, "Z07:00:00") { return (pre, .iso8601ColonSecondsTZ, l[(i + 9)...]) }
                if has(i, "Z0700") { return (pre, .iso8601TZ, l[(i + 5)...]) }
                if has(i, "Z07:00") { return (pre, .iso8601ColonTZ, l[(i + 6)...]) }
                if has(i, "Z07") { return (pre, .iso8601ShortTZ, l[(i + 3)...]) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if let ch = at(i + 1), ch == UInt8(ascii: "0") || ch == UInt8(ascii: "9") {
                    var j = i + 1
                    while at(j) == ch { j += 1 }
                    // Only a fractional second if the run of digits ends here.
                    if !digitAt(j) {
                        let std: Std = ch == UInt8(ascii: "0")
                            ? .fracSecond0(digits: j - (i + 1), separator: l[i])
                            : .fracSecond9(digits: j - (i + 1), separator: l[i])
                        return (pre, std, l[j...])
                    }
                }
            default: break
            }
            i += 1
        }
        return (l, nil, l[l.endIndex...])
    }

    /// Time.Format.
    func format(_ layout: String) -> String {
        let c = civil
        var out: [UInt8] = []
        func int(_ x: Int, _ width: Int) {
            if x < 0 { out.append(UInt8(ascii: "-")) }
            let digits = Array(String(x.magnitude).utf8)
            if digits.count < width { out += Array(repeating: UInt8(ascii: "0"), count: width - digits.count) }
            out += digits
        }
        var l = Array(layout.utf8)[...]
        while true {
            let (prefix, std, suffix) = GoTime.nextChunk(l)
            out += prefix
            guard let std else { break }
            l = suffix
            switch std {
            case .year: int(abs(c.year) % 100, 2)
            case .longYear: int(c.year, 4)
            case .month: out += GoTime.longMonths[c.month - 1].prefix(3).utf8
            case .longMonth: out += GoTime.longMonths[c.month - 1].utf8
            case .numMonth: int(c.month, 0)
            case .zeroMonth: int(c.month, 2)
            case .weekDay: out += GoTime.longDays[c.weekday].prefix(3).utf8
            case .longWeekDay: out += GoTime.longDays[c.weekday].utf8
            case .day: int(c.day, 0)
            case .underDay:
                if c.day < 10 { out.append(UInt8(ascii: " ")) }
                int(c.day, 0)
            case .zeroDay: int(c.day, 2)
            case .underYearDay:
                if c.yearDay < 100 { out.append(UInt8(ascii: " ")); if c.yearDay < 10 { out.append(UInt8(ascii: " ")) } }
                int(c.yearDay, 0)
            case .zeroYearDay: int(c.yearDay, 3)
            case .hour: int(c.hour, 2)
            case .hour12: int(c.hour % 12 == 0 ? 12 : c.hour % 12, 0)
            case .zeroHour12: int(c.hour % 12 == 0 ? 12 : c.hour % 12, 2)
            case .minute: int(c.minute, 0)
            case .zeroMinute: int(c.minute, 2)
            case .second: int(c.second, 0)
            case .zeroSecond: int(c.second, 2)
            case .pm: out += (c.hour >= 12 ? "PM" : "AM").utf8
            case .lowerPM: out += (c.hour >= 12 ? "pm" : "am").utf8
            case .tz:
                if !zone.isEmpty { out += zone.utf8; break }
                let minutes = offset / 60
                out.append(minutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                int(abs(minutes) / 60, 2)
                int(abs(minutes) % 60, 2)
            case .iso8601TZ, .iso8601SecondsTZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601ColonSecondsTZ,
                 .numTZ, .numSecondsTZ, .numShortTZ, .numColonTZ, .numColonSecondsTZ:
                if offset == 0 && std.isISO8601 { out.append(UInt8(ascii: "Z")); break }
                let minutes = offset / 60
                out.append(minutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                int(abs(minutes) / 60, 2)
                let colon = [.iso8601ColonTZ, .numColonTZ, .iso8601ColonSecondsTZ, .numColonSecondsTZ].contains(std)
                if colon { out.append(UInt8(ascii: ":")) }
                if std != .numShortTZ && std != .iso8601ShortTZ { int(abs(minutes) % 60, 2) }
                if [.iso8601SecondsTZ, .numSecondsTZ, .numColonSecondsTZ, .iso8601ColonSecondsTZ].contains(std) {
                    if colon { out.append(UInt8(ascii: ":")) }
                    int(abs(offset) % 60, 2)
                }
            case .fracSecond0(let n, let sep), .fracSecond9(let n, let sep):
                var digits = Array(String(nanos).utf8)
                digits = Array(repeating: UInt8(ascii: "0"), count: 9 - digits.count) + digits
                digits = Array(digits.prefix(n))
                if case .fracSecond9 = std {
                    while digits.last == UInt8(ascii: "0") { digits.removeLast() }
                    if digits.isEmpty { break }
                }
                out.append(sep)
                out += digits
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A time.Parse failure, worded as Go's ParseError.
    struct ParseError: Error {
        var message: String
    }

    /// time.ParseInLocation(layout, value, time.Local), Local being UTC.
    static func parse(layout: String, value: String) throws(ParseError) -> GoTime {
        let quote = GoQuote.timeQuote
        func failure(_ layoutElem: some Collection<UInt8>, _ valueElem: some Collection<UInt8>) -> ParseError {
            ParseError(message: "parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse "
                       + quote(String(decoding: valueElem, as: UTF8.self)) + " as "
                       + quote(String(decoding: layoutElem, as: UTF8.self)))
        }
        func failure(_ message: String) -> ParseError {
            ParseError(message: "parsing time " + quote(value) + message)
        }
        func isDigit(_ s: ArraySlice<UInt8>, _ i: Int) -> Bool {
            let k = s.startIndex + i
            return k < s.endIndex && s[k] >= 0x30 && s[k] <= 0x39
        }
        func getnum(_ s: inout ArraySlice<UInt8>, fixed: Bool) -> Int? {
            guard isDigit(s, 0) else { return nil }
            let d0 = Int(s[s.startIndex] - 0x30)
            guard isDigit(s, 1) else {
                if fixed { return nil }
                s = s.dropFirst()
                return d0
            }
            let n = d0 * 10 + Int(s[s.startIndex + 1] - 0x30)
            s = s.dropFirst(2)
            return n
        }
        func getnum3(_ s: inout ArraySlice<UInt8>, fixed: Bool) -> Int? {
            var n = 0, i = 0
            while i < 3 && isDigit(s, i) { n = n * 10 + Int(s[s.startIndex + i] - 0x30); i += 1 }
            if i == 0 || (fixed && i != 3) { return nil }
            s = s.dropFirst(i)
            return n
        }
        /// time's atoi: an optional sign and digits, nothing else.
        func atoi(_ s: ArraySlice<UInt8>) -> Int? {
            var s = s
            var negative = false
            if let c = s.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { negative = c == UInt8(ascii: "-"); s = s.dropFirst() }
            guard let (x, rest) = leadingInt(s), rest.isEmpty, x <= UInt64(Int.max) else { return nil }
            return negative ? -Int(x) : Int(x)
        }
        func lookup(_ table: [String], _ s: inout ArraySlice<UInt8>) -> Int? {
            for (i, name) in table.enumerated() {
                let v = Array(name.utf8)
                guard s.count >= v.count else { continue }
                let candidate = Array(s.prefix(v.count))
                let matches = zip(candidate, v).allSatisfy { c1, c2 in
                    c1 == c2 || ((c1 | 0x20) == (c2 | 0x20) && (c1 | 0x20) >= 0x61 && (c1 | 0x20) <= 0x7A)
                }
                if matches { s = s.dropFirst(v.count); return i }
            }
            return nil
        }
        func nanoseconds(_ s: ArraySlice<UInt8>, _ n: Int) -> (Int?, String) {
            guard let c = s.first, c == UInt8(ascii: ".") || c == UInt8(ascii: ",") else { return (nil, "") }
            let count = min(n, 10)
            guard let ns = atoi(s.dropFirst().prefix(count - 1)) else { return (nil, "") }
            if ns < 0 { return (nil, "fractional second") }
            var scaled = ns
            for _ in 0..<(10 - count) { scaled *= 10 }
            return (scaled, "")
        }

        var l = Array(layout.utf8)[...]
        var v = Array(value.utf8)[...]
        var year = 0, month = -1, day = -1, yday = -1, hour = 0, minute = 0, sec = 0, nsec = 0
        var utc = false
        var zoneOffset = -1
        var zoneName = ""
        var amSet = false, pmSet = false

        while true {
            let (prefix, std, suffix) = nextChunk(l)
            let stdText = l[prefix.endIndex..<suffix.startIndex]
            // skip: the literal text, runs of spaces matching runs of spaces.
            var p = prefix
            while let pc = p.first {
                if pc == UInt8(ascii: " ") {
                    if let vc = v.first, vc != UInt8(ascii: " ") { throw failure(prefix, v) }
                    p = p.drop { $0 == UInt8(ascii: " ") }
                    v = v.drop { $0 == UInt8(ascii: " ") }
                    continue
                }
                guard let vc = v.first, vc == pc else { throw failure(prefix, v) }
                p = p.dropFirst()
                v = v.dropFirst()
            }
            guard let std else {
                if !v.isEmpty { throw failure(": extra text: " + quote(String(decoding: v, as: UTF8.self))) }
                break
            }
            l = suffix
            let hold = v
            var ok = true
            var rangeError = ""
            switch std {
            case .year:
                guard v.count >= 2, let y = atoi(v.prefix(2)) else { ok = false; break }
                v = v.dropFirst(2)
                year = y >= 69 ? y + 1900 : y + 2000
            case .longYear:
                guard v.count >= 4, isDigit(v, 0), let y = atoi(v.prefix(4)) else { ok = false; break }
                v = v.dropFirst(4)
                year = y
            case .month, .longMonth:
                let names = std == .month ? longMonths.map { String($0.prefix(3)) } : longMonths
                guard let m = lookup(names, &v) else { ok = false; break }
                month = m + 1
            case .numMonth, .zeroMonth:
                guard let m = getnum(&v, fixed: std == .zeroMonth) else { ok = false; break }
                month = m
                if m <= 0 || m > 12 { rangeError = "month" }
            case .weekDay, .longWeekDay:
                let names = std == .weekDay ? longDays.map { String($0.prefix(3)) } : longDays
                guard lookup(names, &v) != nil else { ok = false; break }
            case .day, .underDay, .zeroDay:
                if std == .underDay, v.first == UInt8(ascii: " ") { v = v.dropFirst() }
                guard let d = getnum(&v, fixed: std == .zeroDay) else { ok = false; break }
                day = d
            case .underYearDay, .zeroYearDay:
                for _ in 0..<2 where std == .underYearDay && v.first == UInt8(ascii: " ") { v = v.dropFirst() }
                guard let d = getnum3(&v, fixed: std == .zeroYearDay) else { ok = false; break }
                yday = d
            case .hour:
                guard let h = getnum(&v, fixed: false) else { ok = false; break }
                hour = h
                if h >= 24 { rangeError = "hour" }
            case .hour12, .zeroHour12:
                guard let h = getnum(&v, fixed: std == .zeroHour12) else { ok = false; break }
                hour = h
                if h > 12 { rangeError = "hour" }
            case .minute, .zeroMinute:
                guard let m = getnum(&v, fixed: std == .zeroMinute) else { ok = false; break }
                minute = m
                if m >= 60 { rangeError = "minute" }
            case .second, .zeroSecond:
                guard let s = getnum(&v, fixed: std == .zeroSecond) else { ok = false; break }
                sec = s
                if s >= 60 { rangeError = "second"; break }
                // A fractional second in the value but not in the layout is still read.
                if v.count >= 2, v.first == UInt8(ascii: ".") || v.first == UInt8(ascii: ","), isDigit(v, 1) {
                    switch nextChunk(l).std {
                    case .fracSecond0?, .fracSecond9?: break
                    default:
                        var n = 2
                        while isDigit(v, n) { n += 1 }
                        let (ns, r) = nanoseconds(v, n)
                        rangeError = r
                        if let ns { nsec = ns } else if r.isEmpty { ok = false }
                        v = v.dropFirst(n)
                    }
                }
            case .pm, .lowerPM:
                guard v.count >= 2 else { ok = false; break }
                let text = String(decoding: v.prefix(2), as: UTF8.self)
                v = v.dropFirst(2)
                switch (std, text) {
                case (.pm, "PM"), (.lowerPM, "pm"): pmSet = true
                case (.pm, "AM"), (.lowerPM, "am"): amSet = true
                default: ok = false
                }
            case .iso8601TZ, .iso8601SecondsTZ, .iso8601ShortTZ, .iso8601ColonTZ, .iso8601ColonSecondsTZ,
                 .numTZ, .numSecondsTZ, .numShortTZ, .numColonTZ, .numColonSecondsTZ:
                if std.isISO8601, v.first == UInt8(ascii: "Z") {
                    v = v.dropFirst()
                    utc = true
                    break
                }
                let a = Array(v)
                var parts: (sign: UInt8, h: ArraySlice<UInt8>, m: ArraySlice<UInt8>, s: ArraySlice<UInt8>, used: Int)?
                let zeros = Array("00".utf8)[...]
                switch std {
                case .iso8601ColonTZ, .numColonTZ:
                    if a.count >= 6, a[3] == UInt8(ascii: ":") { parts = (a[0], a[1..<3], a[4..<6], zeros, 6) }
                case .numShortTZ, .iso8601ShortTZ:
                    if a.count >= 3 { parts = (a[0], a[1..<3], zeros, zeros, 3) }
                case .iso8601ColonSecondsTZ, .numColonSecondsTZ:
                    if a.count >= 9, a[3] == UInt8(ascii: ":"), a[6] == UInt8(ascii: ":") {
                        parts = (a[0], a[1..<3], a[4..<6], a[7..<9], 9)
                    }
                case .iso8601SecondsTZ, .numSecondsTZ:
                    if a.count >= 7 { parts = (a[0], a[1..<3], a[3..<5], a[5..<7], 7) }
                default:
                    if a.count >= 5 { parts = (a[0], a[1..<3], a[3..<5], zeros, 5) }
                }
                guard let parts else { ok = false; break }
                v = v.dropFirst(parts.used)
                var hh = parts.h, mm = parts.m, ss = parts.s
                guard let hr = getnum(&hh, fixed: true), let mi = getnum(&mm, fixed: true),
                      let se = getnum(&ss, fixed: true) else { ok = false; break }
                if hr > 24 { rangeError = "time zone offset hour" }
                if mi > 60 { rangeError = "time zone offset minute" }
                if se > 60 { rangeError = "time zone offset second" }
                zoneOffset = (hr * 60 + mi) * 60 + se
                switch parts.sign {
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "-"): zoneOffset = -zoneOffset
                default: ok = false
                }
            case .tz:
                if v.starts(with: "UTC".utf8) {
                    utc = true
                    v = v.dropFirst(3)
                    break
                }
                guard let n = timeZoneLength(v) else { ok = false; break }
                zoneName = String(decoding: v.prefix(n), as: UTF8.self)
                v = v.dropFirst(n)
            case .fracSecond0(let digits, _):
                let n = 1 + digits
                guard v.count >= n else { ok = false; break }
                let (ns, r) = nanoseconds(v, n)
                rangeError = r
                if let ns { nsec = ns } else if r.isEmpty { ok = false }
                v = v.dropFirst(n)
            case .fracSecond9:
                guard v.count >= 2, v.first == UInt8(ascii: ".") || v.first == UInt8(ascii: ","), isDigit(v, 1) else { break }
                var i = 0
                while isDigit(v, i + 1) { i += 1 }
                let (ns, r) = nanoseconds(v, 1 + i)
                rangeError = r
                if let ns { nsec = ns } else if r.isEmpty { ok = false }
                v = v.dropFirst(1 + i)
            }
            if !rangeError.isEmpty { throw failure(": " + rangeError + " out of range") }
            if !ok { throw failure(stdText, hold) }
        }
        if pmSet && hour < 12 { hour += 12 } else if amSet && hour == 12 { hour = 0 }

        if yday >= 0 {
            var d = 0, m = 0
            var yd = yday
            if isLeap(year) {
                if yd == 31 + 29 { m = 2; d = 29 } else if yd > 31 + 29 { yd -= 1 }
            }
            if yd < 1 || yd > 365 { throw failure(": day-of-year out of range") }
            if m == 0 {
                let daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
                m = (yd - 1) / 31 + 1
                if daysBefore[m] < yd { m += 1 }
                d = yd - daysBefore[m - 1]
            }
            if month >= 0 && month != m { throw failure(": day-of-year does not match month") }
            month = m
            if day >= 0 && day != d { throw failure(": day-of-year does not match day") }
            day = d
        } else {
            if month < 0 { month = 1 }
            if day < 0 { day = 1 }
        }
        if day < 1 || day > daysIn(month: month, year: year) { throw failure(": day out of range") }

        let days = Int64(RFC3339.daysFromCivil(year, month, day))
        let wallSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + sec)
        var t = GoTime(seconds: wallSeconds, nanos: Int64(nsec), offset: 0, zone: "UTC")
        if utc { return t }
        if zoneOffset != -1 {
            t.seconds -= Int64(zoneOffset)
            // The local zone (UTC) is used when it has this offset; else a fixed, unnamed zone.
            if zoneOffset == 0 && (zoneName.isEmpty || zoneName == "UTC") { return t }
            t.offset = zoneOffset
            t.zone = zoneName
            return t
        }
        if !zoneName.isEmpty {
            // An unknown abbreviation: a zone of that name with offset 0 (GMT+n: n hours), the
            // clock reading kept as it was written.
            var offset = 0
            if zoneName.count > 3, zoneName.hasPrefix("GMT") { offset = (atoi(Array(zoneName.utf8).dropFirst(3)) ?? 0) * 3600 }
            t.offset = offset
            t.zone = zoneName
            return t
        }
        return t
    }

    /// parseTimeZone: how many bytes of `v` read as a zone abbreviation.
    private static func timeZoneLength(_ v: ArraySlice<UInt8>) -> Int? {
        let a = Array(v)
        guard a.count >= 3 else { return nil }
        if a.count >= 4, a[0..<4].elementsEqual("ChST".utf8) || a[0..<4].elementsEqual("MeST".utf8) { return 4 }
        if a[0..<3].elementsEqual("GMT".utf8) {
            return a.count == 3 ? 3 : 3 + signedOffsetLength(a[3...])
        }
        if a[0] == UInt8(ascii: "+") || a[0] == UInt8(ascii: "-") {
            let n = signedOffsetLength(a[...])
            return n > 0 ? n : nil
        }
        var upper = 0
        while upper < 6, upper < a.count, a[upper] >= UInt8(ascii: "A"), a[upper] <= UInt8(ascii: "Z") { upper += 1 }
        switch upper {
        case 5: return a[4] == UInt8(ascii: "T") ? 5 : nil
        case 4: return a[3] == UInt8(ascii: "T") || a[0..<4].elementsEqual("WITA".utf8) ? 4 : nil
        case 3: return 3
        default: return nil
        }
    }

    /// parseSignedOffset: `+3`, `-12` (at most 12); 0 when there is none.
    private static func signedOffsetLength(_ v: ArraySlice<UInt8>) -> Int {
        guard let sign = v.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return 0 }
        guard let (x, rest) = leadingInt(v.dropFirst()), rest.count < v.count - 1, x <= 12 else { return 0 }
        return v.count - rest.count
    }

    /// time's leadingInt: the leading digits as a number, nil on overflow past 1<<63.
    private static func leadingInt(_ s: ArraySlice<UInt8>) -> (UInt64, ArraySlice<UInt8>)? {
        var x: UInt64 = 0
        var i = s.startIndex
        while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 {
            guard x <= (1 << 63) / 10 else { return nil }
            x = x * 10 + UInt64(s[i] - 0x30)
            guard x <= 1 << 63 else { return nil }
            i += 1
        }
        return (x, s[i...])
    }
}
