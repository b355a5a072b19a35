using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BigTechChat.ChatService.Infrastructure.Migrations;

/// <inheritdoc />
public partial class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterDatabase()
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "chat_rooms",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                RoomType = table.Column<string>(type: "varchar(10)", maxLength: 10, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                Name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                User1Id = table.Column<long>(type: "bigint", nullable: true),
                User2Id = table.Column<long>(type: "bigint", nullable: true),
                CreatorId = table.Column<long>(type: "bigint", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                LastActivityAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_chat_rooms", x => x.Id);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "directory_users",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false),
                Username = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                DisplayName = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                IsOnline = table.Column<bool>(type: "tinyint(1)", nullable: false),
                LastSeenAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                PresenceChangedAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                UpdatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_directory_users", x => x.Id);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "message_reactions",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                MessageId = table.Column<string>(type: "char(24)", fixedLength: true, maxLength: 24, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                UserId = table.Column<long>(type: "bigint", nullable: false),
                Emoji = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false, collation: "utf8mb4_bin")
                    .Annotation("MySql:CharSet", "utf8mb4"),
                CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_message_reactions", x => x.Id);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "message_receipts",
            columns: table => new
            {
                MessageId = table.Column<string>(type: "char(24)", fixedLength: true, maxLength: 24, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                UserId = table.Column<long>(type: "bigint", nullable: false),
                RoomId = table.Column<long>(type: "bigint", nullable: false),
                Seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_message_receipts", x => new { x.MessageId, x.UserId });
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "messages",
            columns: table => new
            {
                Id = table.Column<string>(type: "char(24)", fixedLength: true, maxLength: 24, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                RoomId = table.Column<long>(type: "bigint", nullable: false),
                Seq = table.Column<long>(type: "bigint", nullable: false),
                UserId = table.Column<long>(type: "bigint", nullable: false),
                Username = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                Content = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                MessageType = table.Column<string>(type: "varchar(10)", maxLength: 10, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                ClientMessageId = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true, collation: "utf8mb4_bin")
                    .Annotation("MySql:CharSet", "utf8mb4"),
                IsDeleted = table.Column<bool>(type: "tinyint(1)", nullable: false),
                DeletedAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                IsEdited = table.Column<bool>(type: "tinyint(1)", nullable: false),
                EditedAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_messages", x => x.Id);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                EventId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                Topic = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                PartitionKey = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                EventType = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                Payload = table.Column<string>(type: "longtext", nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                TraceParent = table.Column<string>(type: "varchar(128)", maxLength: 128, nullable: true)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                PublishedAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                LockedUntil = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                LockedBy = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                Attempts = table.Column<int>(type: "int", nullable: false),
                LastError = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: true)
                    .Annotation("MySql:CharSet", "utf8mb4")
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_outbox_messages", x => x.Id);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "processed_events",
            columns: table => new
            {
                EventId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                Consumer = table.Column<string>(type: "varchar(150)", maxLength: 150, nullable: false)
                    .Annotation("MySql:CharSet", "utf8mb4"),
                ProcessedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_processed_events", x => new { x.EventId, x.Consumer });
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "read_cursors",
            columns: table => new
            {
                RoomId = table.Column<long>(type: "bigint", nullable: false),
                UserId = table.Column<long>(type: "bigint", nullable: false),
                LastReadSeq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_read_cursors", x => new { x.RoomId, x.UserId });
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "room_sequences",
            columns: table => new
            {
                RoomId = table.Column<long>(type: "bigint", nullable: false),
                LastSeq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_room_sequences", x => x.RoomId);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "user_blocks",
            columns: table => new
            {
                BlockerId = table.Column<long>(type: "bigint", nullable: false),
                BlockedId = table.Column<long>(type: "bigint", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_blocks", x => new { x.BlockerId, x.BlockedId });
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateTable(
            name: "room_members",
            columns: table => new
            {
                RoomId = table.Column<long>(type: "bigint", nullable: false),
                UserId = table.Column<long>(type: "bigint", nullable: false),
                IsOwner = table.Column<bool>(type: "tinyint(1)", nullable: false),
                JoinedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_room_members", x => new { x.RoomId, x.UserId });
                table.ForeignKey(
                    name: "FK_room_members_chat_rooms_RoomId",
                    column: x => x.RoomId,
                    principalTable: "chat_rooms",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            })
            .Annotation("MySql:CharSet", "utf8mb4");

        migrationBuilder.CreateIndex(
            name: "IX_chat_rooms_User1Id_User2Id",
            table: "chat_rooms",
            columns: new[] { "User1Id", "User2Id" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_message_reactions_MessageId_UserId_Emoji",
            table: "message_reactions",
            columns: new[] { "MessageId", "UserId", "Emoji" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_message_receipts_RoomId_UserId_Seq",
            table: "message_receipts",
            columns: new[] { "RoomId", "UserId", "Seq" });

        migrationBuilder.CreateIndex(
            name: "IX_messages_RoomId_Seq",
            table: "messages",
            columns: new[] { "RoomId", "Seq" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_messages_RoomId_UserId_ClientMessageId",
            table: "messages",
            columns: new[] { "RoomId", "UserId", "ClientMessageId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_outbox_messages_PublishedAt_Id",
            table: "outbox_messages",
            columns: new[] { "PublishedAt", "Id" });

        migrationBuilder.CreateIndex(
            name: "IX_room_members_UserId",
            table: "room_members",
            column: "UserId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "directory_users");

        migrationBuilder.DropTable(
            name: "message_reactions");

        migrationBuilder.DropTable(
            name: "message_receipts");

        migrationBuilder.DropTable(
            name: "messages");

        migrationBuilder.DropTable(
            name: "outbox_messages");

        migrationBuilder.DropTable(
            name: "processed_events");

        migrationBuilder.DropTable(
            name: "read_cursors");

        migrationBuilder.DropTable(
            name: "room_members");

        migrationBuilder.DropTable(
            name: "room_sequences");

        migrationBuilder.DropTable(
            name: "user_blocks");

        migrationBuilder.DropTable(
            name: "chat_rooms");
    }
}
