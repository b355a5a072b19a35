using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BigTechChat.ChatService.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DeletedMessagesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_messages_RoomId_IsDeleted_Seq",
                table: "messages",
                columns: new[] { "RoomId", "IsDeleted", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_RoomId_IsDeleted_Seq",
                table: "messages");
        }
    }
}
