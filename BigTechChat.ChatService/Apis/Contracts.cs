using System.Text.Json.Serialization;

namespace BigTechChat.ChatService.Apis;

public sealed record ParticipantResponse(long Id, string Username, string? DisplayName);

public sealed record ChatRoomResponse(
    long Id,
    string RoomType,
    string? Name,
    [property: JsonPropertyName("user_1_id")] long? User1Id,
    [property: JsonPropertyName("user_2_id")] long? User2Id,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<ParticipantResponse> Participants,
    MessageResponse? LastMessage,
    long UnreadCount);

public sealed record MessageResponse(
    string Id,
    long UserId,
    string Username,
    long RoomId,
    string RoomType,
    string Content,
    string MessageType,
    string? ClientMessageId,
    IReadOnlyDictionary<string, IReadOnlyList<long>> Reactions,
    bool IsDeleted,
    DateTime? DeletedAt,
    bool IsEdited,
    DateTime? EditedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Seq);

public sealed record MessageListResponse(IReadOnlyList<MessageResponse> Messages, long TotalCount, bool HasMore);

public sealed record ReadResponse(bool Success, int ReadCount, string Message);

public sealed record UnreadCountResponse(long UnreadCount);

public sealed record DeletedResponse(string Message);

public sealed record CreateGroupRequest(string? Name, IReadOnlyList<long>? MemberIds);

public sealed record AddMembersRequest(IReadOnlyList<long>? UserIds);

public sealed record SendMessageRequest(string? Content, string? MessageType, string? ClientMessageId);

public sealed record EditMessageRequest(string? Content);

public sealed record MarkReadRequest(long? RoomId, IReadOnlyList<string>? MessageIds);

public sealed record ReadUpToRequest(long? Seq);

public sealed record ReactionRequest(string? Emoji);
