package dev.wasmlet.runtime.types;

/**
 * A component-model value type ({@code valtype} of the component model's Explainer), with every
 * type index resolved.
 *
 * <p>Values of these types cross the canonical ABI as plain Java objects:
 * <table>
 *   <caption>Java representation of component values</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>bool</td><td>{@link Boolean}</td></tr>
 *   <tr><td>s8, u8</td><td>{@link Byte} (u8 keeps its bits: 255 is {@code (byte) -1})</td></tr>
 *   <tr><td>s16, u16</td><td>{@link Short}, same convention</td></tr>
 *   <tr><td>s32, u32</td><td>{@link Integer}, same convention</td></tr>
 *   <tr><td>s64, u64</td><td>{@link Long}, same convention</td></tr>
 *   <tr><td>f32, f64</td><td>{@link Float}, {@link Double}</td></tr>
 *   <tr><td>char</td><td>{@link Integer}: a Unicode scalar value</td></tr>
 *   <tr><td>string</td><td>{@link String}</td></tr>
 *   <tr><td>list&lt;u8&gt;, list&lt;s8&gt;</td><td>{@code byte[]}</td></tr>
 *   <tr><td>other lists, tuples, records</td><td>{@link java.util.List} (records by field order)</td></tr>
 *   <tr><td>variant</td><td>{@link VariantValue}</td></tr>
 *   <tr><td>enum</td><td>{@link Integer}: the case index</td></tr>
 *   <tr><td>flags</td><td>{@link java.util.BitSet}: bit i set when label i is</td></tr>
 *   <tr><td>option</td><td>{@link java.util.Optional}</td></tr>
 *   <tr><td>result</td><td>{@link ResultValue}</td></tr>
 *   <tr><td>own, borrow</td><td>{@link ResourceValue}</td></tr>
 * </table>
 */
public sealed interface ValueType
        permits PrimitiveType, ListType, RecordType, TupleType, VariantType, EnumType, FlagsType,
                OptionType, ResultType, OwnType, BorrowType {
}
