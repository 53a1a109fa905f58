/// A value of a component option. JSON numbers, strings, booleans and arrays map onto these.
public enum OptionValue: Sendable, Equatable, Codable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case bool(Bool)
  case string(String)
  case doubleList([Double])
  case intList([Int])
  case stringList([String])

  public var description: String {
    switch self {
    case let .int(v): "\(v)"
    case let .double(v): "\(v)"
    case let .bool(v): "\(v)"
    case let .string(v): v
    case let .doubleList(v): v.map { "\($0)" }.joined(separator: ",")
    case let .intList(v): v.map { "\($0)" }.joined(separator: ",")
    case let .stringList(v): v.joined(separator: ",")
    }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let v = try? container.decode(Bool.self) {
      self = .bool(v)
    } else if let v = try? container.decode(Int.self) {
      self = .int(v)
    } else if let v = try? container.decode(Double.self) {
      self = .double(v)
    } else if let v = try? container.decode(String.self) {
      self = .string(v)
    } else if let v = try? container.decode([Int].self) {
      self = .intList(v)
    } else if let v = try? container.decode([Double].self) {
      self = .doubleList(v)
    } else if let v = try? container.decode([String].self) {
      self = .stringList(v)
    } else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "an option value must be a number, string, boolean or a list of them")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case let .int(v): try container.encode(v)
    case let .double(v): try container.encode(v)
    case let .bool(v): try container.encode(v)
    case let .string(v): try container.encode(v)
    case let .doubleList(v): try container.encode(v)
    case let .intList(v): try container.encode(v)
    case let .stringList(v): try container.encode(v)
    }
  }
}

extension OptionValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByStringLiteral
{
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(stringLiteral value: String) { self = .string(value) }
}
