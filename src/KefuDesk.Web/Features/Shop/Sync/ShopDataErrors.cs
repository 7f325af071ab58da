using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>Refusals of shop data import and sync; each is worded under Error.{code} in the resource files.</summary>
public static class ShopDataErrors
{
    /// <summary>Items of a sync batch break the rules; the detail names each by its path.</summary>
    public static readonly KefuDeskError ItemsInvalid = new("sync_items_invalid", 400);

    /// <summary>The batch is larger than one request may carry.</summary>
    public static readonly KefuDeskError BatchTooLarge = new("sync_batch_too_large", 413);

    /// <summary>The shop has no sync secret yet (made before sync existed): an admin creates one first.</summary>
    public static readonly KefuDeskError SecretMissing = new("sync_secret_missing", 409);

    /// <summary>Another update of the same records got in first, three times running; sending again is safe.</summary>
    public static readonly KefuDeskError Busy = new("sync_busy", 409);

    public static readonly KefuDeskError ImportNotFound = new("import_not_found", 404);

    /// <summary>Not an .xlsx or .csv file, or one that cannot be read.</summary>
    public static readonly KefuDeskError FileUnsupported = new("import_file_unsupported", 415);

    public static readonly KefuDeskError FileTooLarge = new("import_file_too_large", 413);

    /// <summary>The file passes a bound of the spreadsheet reader (rows, unpacked size, cell length); the detail says which.</summary>
    public static readonly KefuDeskError SheetTooLarge = new("import_sheet_too_large", 413);

    /// <summary>The file lacks columns the template requires: the wrong template, or a changed export.</summary>
    public static readonly KefuDeskError ColumnsMissing = new("import_columns_missing", 400);

    /// <summary>Only a checked file without problems may be imported, and only once.</summary>
    public static readonly KefuDeskError ImportNotReady = new("import_not_ready", 409);
}
