using System.Globalization;

namespace BigTechChat.ChatService.Messages;

/// <summary>
/// What a reaction may be: exactly one emoji. That is one extended grapheme cluster (UAX #29, as
/// <see cref="StringInfo"/> segments it) made only of emoji code points — Extended_Pictographic or Emoji_Component
/// (UTS #51, emoji-data.txt of Unicode 15.1) plus the text variation selector U+FE0E — which is a pictograph
/// (optionally with skin-tone modifiers, ZWJ joins, variation selectors, tags), a flag (two regional indicators)
/// or a keycap (<c>#</c>, <c>*</c>, <c>0</c>–<c>9</c>, optional U+FE0F, U+20E3). Text such as <c>..</c>, <c>a</c>,
/// <c>1</c> or two emoji in a row is not a reaction.
/// </summary>
public static class ReactionEmoji
{
    /// <summary>UTF-16 units; the longest RGI sequences (family, kiss with skin tones, subdivision flags) take 15.</summary>
    public const int MaxLength = 32;

    private const int ZeroWidthJoiner = 0x200D;
    private const int CombiningKeycap = 0x20E3;
    private const int TextPresentation = 0xFE0E;
    private const int EmojiPresentation = 0xFE0F;

    /// <summary>Extended_Pictographic (emoji-data.txt), adjacent ranges merged; stable by design, it covers future emoji.</summary>
    private static readonly (int First, int Last)[] ExtendedPictographic =
    [
        (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139),
        (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328), (0x2388, 0x2388), (0x23CF, 0x23CF),
        (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0),
        (0x25FB, 0x25FE), (0x2600, 0x2605), (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712),
        (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
        (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757),
        (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2934, 0x2935),
        (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
        (0x3297, 0x3297), (0x3299, 0x3299), (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F),
        (0x1F16C, 0x1F171), (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
        (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F),
        (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F),
        (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F),
        (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
    ];

    /// <summary>True when <paramref name="value"/> is exactly one emoji by the rule above.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || StringInfo.GetNextTextElementLength(value) != value.Length)
        {
            return false;
        }

        var runes = value.EnumerateRunes().Select(r => r.Value).ToList();
        if (IsKeycapBase(runes[0]))
        {
            // Digits, '#' and '*' are Emoji_Component only as the base of a keycap sequence.
            return runes is [_, CombiningKeycap] or [_, EmojiPresentation, CombiningKeycap];
        }

        var regionalIndicators = runes.Count(IsRegionalIndicator);
        if (regionalIndicators > 0)
        {
            return regionalIndicators == 2 && runes.Count == 2;
        }

        return runes.Any(IsExtendedPictographic) && runes.All(r => IsExtendedPictographic(r) || IsJoinerOrModifier(r));
    }

    private static bool IsKeycapBase(int rune) => rune is '#' or '*' or (>= '0' and <= '9');

    private static bool IsRegionalIndicator(int rune) => rune is >= 0x1F1E6 and <= 0x1F1FF;

    /// <summary>The Emoji_Component code points that extend a pictograph, and U+FE0E.</summary>
    private static bool IsJoinerOrModifier(int rune) => rune is ZeroWidthJoiner or EmojiPresentation or TextPresentation
        or (>= 0x1F3FB and <= 0x1F3FF) // skin tones (Emoji_Modifier)
        or (>= 0x1F9B0 and <= 0x1F9B3) // hair components
        or (>= 0xE0020 and <= 0xE007F); // tags of subdivision flags

    private static bool IsExtendedPictographic(int rune)
    {
        var (low, high) = (0, ExtendedPictographic.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var (first, last) = ExtendedPictographic[middle];
            if (rune < first)
            {
                high = middle - 1;
            }
            else if (rune > last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
