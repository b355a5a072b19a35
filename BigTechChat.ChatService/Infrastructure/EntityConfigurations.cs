using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BigTechChat.ChatService.Infrastructure;

internal sealed class ChatRoomConfiguration : IEntityTypeConfiguration<ChatRoom>
{
    public void Configure(EntityTypeBuilder<ChatRoom> room)
    {
        room.ToTable("chat_rooms");
        room.Property(r => r.RoomType).HasMaxLength(10);
        room.Property(r => r.Name).HasMaxLength(100);
        // NULLs never collide, so group rooms are free; a direct pair can exist once.
        room.HasIndex(r => new { r.User1Id, r.User2Id }).IsUnique();
        room.HasMany(r => r.Members).WithOne().HasForeignKey(m => m.RoomId);
    }
}

internal sealed class RoomMemberConfiguration : IEntityTypeConfiguration<RoomMember>
{
    public void Configure(EntityTypeBuilder<RoomMember> member)
    {
        member.ToTable("room_members");
        member.HasKey(m => new { m.RoomId, m.UserId });
        member.HasIndex(m => m.UserId);
    }
}

internal sealed class RoomDepartureConfiguration : IEntityTypeConfiguration<RoomDeparture>
{
    public void Configure(EntityTypeBuilder<RoomDeparture> departure)
    {
        departure.ToTable("room_departures");
        departure.HasIndex(d => new { d.UserId, d.RoomId });
    }
}

internal sealed class StreamCheckpointConfiguration : IEntityTypeConfiguration<StreamCheckpoint>
{
    public void Configure(EntityTypeBuilder<StreamCheckpoint> checkpoint)
    {
        checkpoint.ToTable("stream_checkpoints");
        checkpoint.Property(c => c.Id).HasMaxLength(32).IsFixedLength();
        checkpoint.HasIndex(c => new { c.UserId, c.CreatedAt });
    }
}

internal sealed class UserBlockConfiguration : IEntityTypeConfiguration<UserBlock>
{
    public void Configure(EntityTypeBuilder<UserBlock> block)
    {
        block.ToTable("user_blocks");
        block.HasKey(b => new { b.BlockerId, b.BlockedId });
    }
}

internal sealed class MessageRecordConfiguration : IEntityTypeConfiguration<MessageRecord>
{
    public void Configure(EntityTypeBuilder<MessageRecord> message)
    {
        message.ToTable("messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).HasMaxLength(24).IsFixedLength();
        message.Property(m => m.Username).HasMaxLength(50);
        message.Property(m => m.Content).HasMaxLength(1000);
        message.Property(m => m.MessageType).HasMaxLength(10);
        message.Property(m => m.ClientMessageId).HasMaxLength(100);
        message.HasIndex(m => new { m.RoomId, m.Seq }).IsUnique();
        // Reads skip deleted messages and count them; this keeps both an index range scan.
        message.HasIndex(m => new { m.RoomId, m.IsDeleted, m.Seq });
        message.HasIndex(m => new { m.RoomId, m.UserId, m.ClientMessageId }).IsUnique();
    }
}

internal sealed class RoomSequenceConfiguration : IEntityTypeConfiguration<RoomSequence>
{
    public void Configure(EntityTypeBuilder<RoomSequence> sequence)
    {
        sequence.ToTable("room_sequences");
        sequence.HasKey(s => s.RoomId);
        sequence.Property(s => s.RoomId).ValueGeneratedNever();
    }
}

internal sealed class MessageReactionConfiguration : IEntityTypeConfiguration<MessageReaction>
{
    public void Configure(EntityTypeBuilder<MessageReaction> reaction)
    {
        reaction.ToTable("message_reactions");
        reaction.Property(r => r.MessageId).HasMaxLength(24).IsFixedLength();
        reaction.Property(r => r.Emoji).HasMaxLength(64);
        reaction.HasIndex(r => new { r.MessageId, r.UserId, r.Emoji }).IsUnique();
    }
}

internal sealed class MessageReceiptConfiguration : IEntityTypeConfiguration<MessageReceipt>
{
    public void Configure(EntityTypeBuilder<MessageReceipt> receipt)
    {
        receipt.ToTable("message_receipts");
        receipt.HasKey(r => new { r.MessageId, r.UserId });
        receipt.Property(r => r.MessageId).HasMaxLength(24).IsFixedLength();
        receipt.HasIndex(r => new { r.RoomId, r.UserId, r.Seq });
    }
}

internal sealed class ReadCursorConfiguration : IEntityTypeConfiguration<ReadCursor>
{
    public void Configure(EntityTypeBuilder<ReadCursor> cursor)
    {
        cursor.ToTable("read_cursors");
        cursor.HasKey(c => new { c.RoomId, c.UserId });
    }
}
