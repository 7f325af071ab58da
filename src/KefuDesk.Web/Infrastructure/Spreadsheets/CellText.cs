using System.Xml;

namespace KefuDesk.Infrastructure.Spreadsheets;

/// <summary>
/// One cell's text as it is read, in pieces, never longer than the cell bound: past it the rest is
/// not kept and <see cref="Overflowed"/> says so (a 300 MB cell costs no more memory than a full one).
/// </summary>
internal sealed class CellText(int max)
{
    private readonly char[] _chars = new char[max];
    private readonly char[] _chunk = new char[4096];
    private int _length;

    public bool Overflowed { get; private set; }

    public void Clear()
    {
        _length = 0;
        Overflowed = false;
    }

    public void Append(char c)
    {
        if (_length < _chars.Length)
        {
            _chars[_length++] = c;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>The text node the reader is on, chunk by chunk, so a huge one is never held whole.</summary>
    public void Append(XmlReader reader)
    {
        int read;
        while ((read = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
        {
            var fits = Math.Min(read, _chars.Length - _length);
            _chunk.AsSpan(0, fits).CopyTo(_chars.AsSpan(_length));
            _length += fits;
            if (fits < read)
            {
                Overflowed = true;
                return; // the reader's next Read() passes the rest of the node without keeping it
            }
        }
    }

    /// <summary>The text, trimmed (as every cell is read).</summary>
    public string Text()
    {
        var span = _chars.AsSpan(0, _length).Trim();
        return span.IsEmpty ? "" : new string(span);
    }
}
