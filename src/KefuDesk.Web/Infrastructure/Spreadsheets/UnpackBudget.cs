using System.IO.Compression;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// The bytes one reading of a file may still unpack, shared by every part it opens. A part whose
/// stated size does not fit is refused before it is opened; every part is also counted as it is
/// inflated, so a part that understates its size stops at the bound too (a zip bomb is never
/// inflated past it).
/// </summary>
internal sealed class UnpackBudget(long limit)
{
    private readonly long _limit = limit;
    private long _left = limit;

    public Stream Open(ZipArchiveEntry part)
    {
        if (part.Length > _left)
        {
            throw Passed();
        }

        return new Counted(part.Open(), this, ownsInner: true);
    }

    /// <summary>A plain file (a .csv) counted as it is read; the caller keeps it.</summary>
    public Stream Count(Stream file) => new Counted(file, this, ownsInner: false);

    private void Spend(int bytes)
    {
        _left -= bytes;
        if (_left < 0)
        {
            throw Passed();
        }
    }

    private SheetTooLargeException Passed() => new(SheetBound.UnpackedBytes, _limit);

    private sealed class Counted(Stream inner, UnpackBudget budget, bool ownsInner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Spent(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Spent(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Spent(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Spent(int read)
        {
            budget.Spend(read);
            return read;
        }
    }
}
