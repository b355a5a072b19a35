using BigTechChat.ChatService.Messages;

namespace BigTechChat.ChatService.Tests.Messages;

public sealed class ReactionEmojiTests
{
    [Theory]
    [InlineData("👍")] // pictograph
    [InlineData("👍🏽")] // with a skin-tone modifier
    [InlineData("❤️")] // with VS16
    [InlineData("❤")] // text-default pictograph
    [InlineData("☺︎")] // with VS15
    [InlineData("©️")]
    [InlineData("👨‍👩‍👧‍👦")] // ZWJ family
    [InlineData("👩🏻‍❤️‍💋‍👨🏼")] // ZWJ with modifiers and VS16
    [InlineData("🧑🏿‍🦰")] // hair component
    [InlineData("🏳️‍🌈")]
    [InlineData("🇺🇦")] // flag: two regional indicators
    [InlineData("🏴󠁧󠁢󠁥󠁮󠁧󠁿")] // subdivision flag: tag sequence
    [InlineData("#️⃣")] // keycaps
    [InlineData("1⃣")]
    [InlineData("*️⃣")]
    [InlineData("🫠")] // Unicode 14
    [InlineData("🫨")] // Unicode 15
    [InlineData("🀄")]
    public void One_emoji_is_a_reaction(string emoji) => Assert.True(ReactionEmoji.IsValid(emoji), emoji);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("%2E%2E")]
    [InlineData("/")]
    [InlineData("a")]
    [InlineData("ok")]
    [InlineData("1")]
    [InlineData("#")]
    [InlineData("#️")] // keycap base without U+20E3
    [InlineData("⃣")] // keycap mark alone
    [InlineData("👍👍")] // two emoji
    [InlineData("👍 ")]
    [InlineData(" ")]
    [InlineData("👍a")]
    [InlineData("😀\u0301")] // a combining accent is no emoji part
    [InlineData("\u200D")]
    [InlineData("\uFE0F")]
    [InlineData("🏽")] // modifier alone
    [InlineData("🇺")] // one regional indicator
    [InlineData("🇺🇦🇺")]
    [InlineData("\uD83D")] // lone surrogate
    [InlineData("\u0000")]
    [InlineData("é")]
    [InlineData("中")]
    [InlineData("<")]
    [InlineData("\u2029")]
    public void Anything_else_is_not(string emoji) => Assert.False(ReactionEmoji.IsValid(emoji), emoji);

    [Fact]
    public void Over_the_length_limit_is_not_a_reaction_even_if_one_cluster()
    {
        var longZwj = string.Join("\u200D", Enumerable.Repeat("👍", 12));

        Assert.True(longZwj.Length > ReactionEmoji.MaxLength);
        Assert.False(ReactionEmoji.IsValid(longZwj));
    }
}
