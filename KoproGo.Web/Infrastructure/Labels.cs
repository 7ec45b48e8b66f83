using KoproGo.Domain;

namespace KoproGo.Web.Infrastructure;

/// <summary>The resource key (English text) for each stored code, so every view names things the same way.</summary>
public static class Labels
{
    public static string LotKind(string code) => code switch
    {
        "apartment" => "Apartment",
        "commercial" => "Commercial premises",
        "parking" => "Parking space",
        "garage" => "Garage",
        "cellar" => "Cellar",
        _ => "Other",
    };

    public static string Right(string code) => code switch
    {
        "full" => "Full ownership",
        "bare" => "Bare ownership",
        "usufruct" => "Usufruct",
        _ => code,
    };

    public static string Role(string role) => role switch
    {
        Roles.SuperAdmin => "Platform administrator",
        Roles.Syndic => "Syndic",
        Roles.Accountant => "Accountant",
        Roles.BoardMember => "Board member",
        Roles.Owner => "Owner",
        Roles.Resident => "Resident",
        _ => "Contractor",
    };

    public const string Active = "Active";
    public const string Invited = "Invited";
    public const string Withdrawn = "Withdrawn";

    /// <summary>The singular text for one, the plural one otherwise ("1 credit", "3 credits"); both are in the resources.</summary>
    public static string Plural(long count, string one, string many) => count == 1 ? one : many;

    public static string AccountStatus(bool disabled, bool hasPassword) => disabled ? Withdrawn : hasPassword ? Active : Invited;

    public static string DocumentCategory(string code) => code switch
    {
        "regulation" => "Regulation of co-ownership",
        "minutes" => "Minutes",
        "accounts" => "Accounts",
        "contracts" => "Contracts",
        "insurance" => "Insurance",
        "plans" => "Plans",
        _ => "Other",
    };

    public static string DocumentVisibility(string code) => code switch
    {
        "syndic" => "Syndic only",
        "board" => "Board of co-owners",
        "owners" => "All owners of the building",
        _ => "Everyone (public)",
    };

    public static string OwnerKind(string code) => code == "legal" ? "Legal person" : "Natural person";

    public static readonly string[] LotKindCodes = ["apartment", "commercial", "parking", "garage", "cellar", "other"];
    public static readonly string[] RightCodes = ["full", "bare", "usufruct"];

    public static string AssemblyKind(string code) => code switch
    {
        "extraordinary" => "Extraordinary general assembly",
        _ => "Ordinary general assembly",
    };

    public static string AssemblyStatus(string code) => code switch
    {
        "draft" => "In preparation",
        "convened" => "Convened",
        "in_session" => "In session",
        "closed" => "Held",
        "no_quorum" => "Quorum not reached",
        _ => "Cancelled",
    };

    public static string Majority(string? code) => code switch
    {
        null => "For information, no vote",
        "absolute" => "Absolute majority",
        "two_thirds" => "Two-thirds majority",
        "four_fifths" => "Four-fifths majority",
        _ => "Unanimity of all owners",
    };

    public static readonly string[] MajorityCodes = Enum.GetValues<Domain.Assemblies.MajorityKind>().Select(k => k.ToCode()).ToArray();

    public static readonly string[] DecisionKindCodes = Enum.GetValues<Domain.Assemblies.DecisionKind>().Select(k => k.ToCode()).ToArray();

    public static string DecisionKind(string code) => code switch
    {
        "information" => "Information",
        "ordinary" => "Ordinary decision (accounts, budget, appointments, maintenance)",
        "common_parts_works" => "Works on the common parts",
        "common_parts_statutes" => "Statutes on the use of the common parts",
        "competition_threshold" => "Amount above which quotes are compared",
        "charge_distribution" => "Distribution of charges, other statutes",
        "change_of_use" => "Change of use of the building",
        "real_estate" => "Rebuilding, acquiring or disposing of real estate",
        "reserve_fund_waiver" => "Waiving the reserve fund this year",
        _ => "Distribution of the shares of co-ownership",
    };

    public static string Attendance(string code) => code switch
    {
        "present" => "Present",
        "represented" => "Represented",
        _ => "Absent",
    };

    public static string Reply(string? code) => code switch
    {
        "attending" => "Will attend",
        "proxy" => "Gives a proxy",
        "absent" => "Will not attend",
        _ => "No reply",
    };

    public static string Choice(string code) => code switch
    {
        "for" => "For",
        "against" => "Against",
        _ => "Abstain",
    };

    /// <summary>A problem report's category, state and urgency (KoproGo.Domain.Works.ProblemReports).</summary>
    public static string ProblemCategory(string code) => code switch
    {
        "water_leak" => "Water leak", "heating" => "Heating", "lift" => "Lift", "electricity" => "Electricity",
        "doors_and_locks" => "Doors and locks", "cleaning" => "Cleaning", "green_areas" => "Green areas",
        "noise_and_neighbours" => "Noise and neighbours", _ => "Other",
    };

    public static string ProblemState(string code) => code switch
    {
        "open" => "Open", "in_progress" => "In progress", "resolved" => "Resolved", "closed" => "Finished", _ => "Cancelled",
    };

    public static string Urgency(string code) => code switch
    {
        "low" => "Low", "normal" => "Normal", "high" => "High", _ => "Emergency",
    };

    /// <summary>An equipment's kind and an inspection's result (KoproGo.Domain.Works.Inspections).</summary>
    public static string EquipmentKind(string code) => code switch
    {
        "lift" => "Lift", "boiler" => "Boiler", "heat_pump" => "Heat pump", "ventilation" => "Ventilation", "fire_alarm" => "Fire alarm",
        "extinguishers" => "Fire extinguishers", "emergency_lighting" => "Emergency lighting", "gas" => "Gas installation",
        "electrical_installation" => "Electrical installation", "roof" => "Roof", "facade" => "Façade", "sewage_pumps" => "Sewage pumps",
        _ => "Other",
    };

    /// <summary>A contractor's trade (suppliers.trade), a works request's state and how it was decided (KoproGo.Domain.Works.WorksRequests).</summary>
    public static string Trade(string? code) => code switch
    {
        "general" => "General building works", "plumbing" => "Plumbing", "heating" => "Heating", "electricity" => "Electricity",
        "lift" => "Lift", "roofing" => "Roofing", "facade" => "Façade", "carpentry" => "Carpentry and joinery", "painting" => "Painting",
        "locksmith" => "Locksmith", "gardening" => "Gardening", "cleaning" => "Cleaning", "other" => "Other", _ => "Not a contractor",
    };

    public static string WorksState(string code) => code switch
    {
        "collecting" => "Collecting quotes", "to_assembly" => "Put to the assembly", "accepted" => "Quote accepted", _ => "Cancelled",
    };

    public static string DecidedHow(string code) => code switch
    {
        "assembly" => "Voted by the general assembly", "urgent" => "Urgent: decided by the syndic alone", _ => "Within the amount delegated by the assembly",
    };

    /// <summary>A work order's state (KoproGo.Domain.Works.WorkOrders).</summary>
    public static string OrderState(string code) => code switch
    {
        "sent" => "Sent to the contractor", "accepted" => "Accepted by the contractor", "in_progress" => "Works under way", "done" => "Works reported done",
        "needs_correction" => "Correction asked", "validated" => "Works validated", "invoiced" => "Invoice received", "closed" => "Order closed", _ => "Cancelled",
    };

    public static string QuoteStatus(string code) => code switch
    {
        "accepted" => "Accepted", "rejected" => "Not retained", _ => "Received",
    };

    public static string InspectionResult(string code) => code switch
    {
        "compliant" => "Compliant", "remarks" => "Compliant with remarks", _ => "Not compliant",
    };

    public static string Channel(string code) => code switch
    {
        "email" => "E-mail",
        _ => "Registered letter",
    };

    public static string VoteStatus(string code) => code switch
    {
        "open" => "Vote open",
        "closed" => "Vote closed",
        _ => "Vote not open",
    };

    public static string BoardRole(string code) => code switch
    {
        "president" => "President",
        _ => "Member",
    };

    public static string DecisionStatus(string code) => code switch
    {
        "in_progress" => "In progress",
        "done" => "Done",
        "overdue" => "Overdue",
        "cancelled" => "Cancelled",
        _ => "Pending",
    };

    public static string PollKind(string code) => code switch
    {
        "yes_no" => "Yes or no",
        "choice" => "Multiple choice",
        "rating" => "Rating from 1 to 5",
        _ => "Open answer",
    };

    public static string AgendaRequestStatus(string code) => code switch
    {
        "accepted" => "Added to the agenda",
        "declined" => "Declined",
        _ => "Waiting",
    };

    /// <summary>The step an owner's arrears reached, as a text key.</summary>
    public static string ReminderStep(KoproGo.Domain.Accounting.ReminderStep step) => step switch
    {
        Domain.Accounting.ReminderStep.Friendly => "Friendly reminder",
        Domain.Accounting.ReminderStep.Firm => "Firm reminder",
        Domain.Accounting.ReminderStep.FormalNotice => "Formal notice",
        Domain.Accounting.ReminderStep.Legal => "Bailiff or justice of the peace",
        _ => "No reminder yet",
    };

    /// <summary>How a recovery letter went (recovery_letters.channel), as a text key.</summary>
    public static string ReminderChannel(string channel) => channel switch
    {
        "email" => "by e-mail",
        "post" => "By post",
        "registered" => "by registered letter",
        _ => "recorded",
    };

    /// <summary>The kind of record an audit entry is about (audit_log.entity), as a text key.</summary>
    public static readonly IReadOnlyDictionary<string, string> AuditEntities = new Dictionary<string, string>
    {
        ["agenda_item"] = "Agenda item", ["assembly"] = "General assembly", ["bank_import"] = "Bank statement",
        ["bank_line"] = "Bank line", ["board_member"] = "Board member", ["building"] = "Building",
        ["distribution_key"] = "Distribution key", ["document"] = "Document", ["financial_year"] = "Financial year",
        ["fund_call"] = "Call for funds", ["invoice"] = "Invoice", ["job"] = "Scheduled job", ["journal_entry"] = "Journal entry",
        ["lot"] = "Lot", ["payment"] = "Payment", ["problem_report"] = "Problem report", ["equipment"] = "Equipment", ["provision_plan"] = "Provisions", ["supplier"] = "Supplier",
        ["user"] = "User", ["vote"] = "Vote", ["organisation"] = "Organisation", ["privacy_request"] = "Request about personal data",
        ["data_breach"] = "Personal data breach", ["privacy_notice"] = "Privacy notice", ["processing_activity"] = "Register of processing activities",
        ["works_request"] = "Works request", ["quote"] = "Quote", ["work_order"] = "Work order",
        ["recovery"] = "Recovery of arrears", ["budget"] = "Budget", ["supplier_transfer"] = "Transfer file", ["interest_rate"] = "Legal interest rate",
        ["etat_date"] = "État daté", ["proceeding"] = "Legal proceedings", ["sensor"] = "Sensor", ["meter_import"] = "Meter-reading import", ["energy_campaign"] = "Group energy purchase", ["sensor_alert_rule"] = "Sensor alert rule",
    };

    /// <summary>What a clean-up job removed (job_runs.removed), as a text key.</summary>
    public static readonly IReadOnlyDictionary<string, string> RemovedKinds = new Dictionary<string, string>
    {
        ["links"] = "links", ["sessions"] = "sessions", ["notifications"] = "notifications", ["failed sign-ins"] = "failed sign-ins",
        ["exports"] = "copies of personal data", ["unconfirmed requests"] = "unconfirmed requests", ["invitations"] = "invitations never accepted",
        ["partitions"] = "months of meter readings", ["readings"] = "meter readings", ["hourly summaries"] = "hourly summaries of meter readings",
    };

    /// <summary>What was done (audit_log.action), as a text key.</summary>
    public static readonly IReadOnlyDictionary<string, string> AuditActions = new Dictionary<string, string>
    {
        ["created"] = "created", ["updated"] = "changed", ["changed"] = "changed", ["deleted"] = "deleted", ["cast"] = "cast",
        ["withdrawn"] = "Withdrawn", ["vote_closed"] = "Vote closed", ["attendance"] = "attendance recorded",
        ["closed"] = "closed", ["letters_posted"] = "registered letters posted", ["no_quorum"] = "Quorum not reached",
        ["opened"] = "Opened", ["imported"] = "Imported", ["assigned"] = "assigned", ["put back"] = "put back",
        ["set aside"] = "Set aside", ["elected"] = "elected", ["ended"] = "ended", ["approval_threshold"] = "approval threshold set",
        ["residents_opened"] = "opened to residents", ["residents_closed"] = "Closed to residents", ["issued"] = "issued",
        ["corrected"] = "corrected", ["entered"] = "entered", ["paid"] = "Paid", ["rejected"] = "Rejected",
        ["submitted"] = "submitted for approval", ["approved_by_syndic"] = "approved by the syndic",
        ["approved_by_board"] = "approved by the board", ["run_now"] = "run by hand", ["posted"] = "Posted",
        ["reversed"] = "reversed", ["ownership_ended"] = "ownership ended", ["voter_designated"] = "voter designated",
        ["recorded"] = "recorded", ["saved"] = "saved", ["invited"] = "Invited", ["reinvited"] = "invited again",
        ["revoked"] = "access withdrawn", ["resident_removed"] = "resident removed", ["convened"] = "Convened",
        ["minutes_sent"] = "minutes sent", ["generated"] = "generated", ["uploaded"] = "uploaded", ["owners_changed"] = "owners changed",
        ["two_factor_reset"] = "two-factor sign-in reset", ["staff_two_factor"] = "two-factor sign-in for staff",
        ["reported"] = "problem reported", ["inspected"] = "inspection recorded", ["moved"] = "status changed", ["shown_to_building"] = "shown to the building", ["hidden_from_building"] = "hidden from the building",
        ["identity_linked"] = "sign-in through the identity provider linked", ["identity_unlinked"] = "sign-in through the identity provider unlinked",
        ["asked"] = "asked", ["answered"] = "answered", ["confirmed"] = "Confirmed", ["erased"] = "erased",
        ["objections_changed"] = "objections changed", ["notified"] = "Notified to the authority", ["not_notified"] = "not notified",
        ["published"] = "published", ["restored"] = "restored", ["persons_added"] = "persons concerned added", ["persons_informed"] = "persons concerned informed",
        ["link_sent"] = "personal link sent", ["link_asked"] = "new personal link asked", ["quote_sent"] = "quote sent through the personal link",
        ["put_to_assembly"] = "put to the vote of the assembly", ["accepted"] = "Accepted", ["cancelled"] = "Cancelled",
        ["vote_rejected"] = "back to the syndic: the assembly rejected it",
        ["validated"] = "works checked and validated", ["correction_asked"] = "a correction asked of the contractor", ["order_accepted"] = "order accepted by the contractor",
        ["started"] = "works started", ["reported_done"] = "works reported as done", ["invoice_sent"] = "invoice sent through the personal link",
        ["photos_added"] = "photos added", ["paused"] = "Reminders paused", ["resumed"] = "reminders resumed",
        ["charged"] = "interest and costs charged", ["approved"] = "Approved", ["line_added"] = "line added", ["line_removed"] = "line removed", ["calls_issued"] = "calls issued", ["to_law"] = "Handed to a bailiff or the justice of the peace",
        ["requested"] = "requested by the notary", ["preparing"] = "being prepared", ["reopened"] = "reopened for correction",
        ["delivered"] = "delivered to the notary", ["expired"] = "Expired", ["transfer_recorded"] = "transfer of the lots recorded",
    };

    /// <summary>
    /// The fields of an audit entry's before/after values (snake_case, as recorded), as text keys; a field not listed
    /// reads as its name in words.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AuditFields = new Dictionary<string, string>
    {
        ["name"] = "Name", ["street"] = "Street and number", ["postcode"] = "Postcode", ["city"] = "City",
        ["company_number"] = "Company number (BCE/KBO)", ["iban"] = "IBAN", ["total_shares"] = "Total shares (quotités)",
        ["construction_year"] = "Construction year", ["language"] = "Language", ["syndic_name"] = "Syndic name",
        ["syndic_address"] = "Syndic address", ["syndic_phone"] = "Syndic's phone", ["syndic_email"] = "Syndic's e-mail",
        ["syndic_company_number"] = "Syndic's company number", ["syndic_office_hours"] = "Syndic's office hours",
        ["convocation_days"] = "Notice of convocation (days)", ["number"] = "Lot number", ["kind"] = "Kind", ["floor"] = "Floor",
        ["area"] = "Area (m²)", ["quota"] = "Quota", ["category"] = "Category", ["visibility"] = "Who can see it",
        ["size"] = "Size", ["sha256"] = "Checksum (SHA-256)", ["owner_id"] = "Owner (number)", ["valid_from"] = "From",
        ["valid_to"] = "Until", ["share"] = "Share", ["right"] = "Right", ["role"] = "Role", ["building_id"] = "Building (number)",
        ["lot_id"] = "Lot (number)", ["working"] = "Working capital", ["reserve"] = "Reserve fund", ["frequency"] = "Frequency",
        ["waived"] = "Reserve fund waived by the assembly", ["threshold"] = "Threshold", ["attendance"] = "Attendance",
        ["proxy_owner_id"] = "Proxy held by owner (number)", ["proxy_name"] = "Proxy held by", ["for"] = "For", ["against"] = "Against",
        ["abstain"] = "Abstain", ["set_aside"] = "Set aside", ["adopted"] = "Adopted", ["majority"] = "Majority", ["choice"] = "Choice",
        ["company"] = "Company number (BCE/KBO)", ["total"] = "Total", ["lot"] = "Lot", ["weight"] = "Weight",
    };

    public static readonly string[] PollKindCodes = ["yes_no", "choice", "rating", "text"];

    /// <summary>A firm as it names itself to the persons and in its agreements: "Syndic Horizon SRL (0812.345.603)".</summary>
    public static string FirmName(string name, string? companyNumber) =>
        companyNumber is null ? name : $"{name} ({KoproGo.Domain.Buildings.CompanyNumber.Format(companyNumber)})";

    /// <summary>SQL giving <see cref="PersonName"/> for the owner row aliased <paramref name="owner"/>.</summary>
    public static string PersonNameSql(string owner) => $"coalesce({owner}.first_name || ' ', '') || {owner}.last_name";

    /// <summary>"Sophie Lambert", or a company's name.</summary>
    public static string PersonName(string? firstName, string lastName) =>
        string.IsNullOrWhiteSpace(firstName) ? lastName : $"{firstName} {lastName}";
    public static string JournalName(string code) => code switch
    {
        "purchases" => "Purchases",
        "sales" => "Calls",
        "financial" => "Bank",
        _ => "Miscellaneous",
    };

    public static string InvoiceStatus(string code) => code switch
    {
        "draft" => "Draft",
        "submitted" => "Waiting for approval",
        "approved" => "Approved, to pay",
        _ => "Paid",
    };

    public static string BudgetState(string code) => code switch
    {
        "draft" => "Draft",
        "submitted" => "Submitted to the assembly",
        "approved" => "Approved",
        "rejected" => "Rejected",
        _ => "Archived",
    };

    public static string SensorKind(string code) => code switch
    {
        "cold_water" => "Cold water",
        "hot_water" => "Hot water",
        "gas" => "Gas",
        "electricity" => "Electricity",
        "heat" => "Heat",
        "heat_cost_allocator" => "Heat cost allocator",
        "cogeneration" => "Cogeneration output",
        _ => "Temperature",
    };

    public static string CampaignEnergy(string code) => code switch
    {
        "electricity" => "Electricity",
        "gas" => "Gas",
        _ => "Electricity and gas",
    };

    public static string CampaignState(string code) => code switch
    {
        "draft" => "In preparation",
        "voted" => "Voted by the assembly",
        "collecting" => "Open to participants",
        "negotiating" => "Offers being gathered",
        "decided" => "Offer chosen",
        "contracted" => "Contract signed",
        "closed" => "Campaign closed",
        _ => "Campaign cancelled",
    };

    /// <summary>The button that moves a campaign to a state.</summary>
    public static string CampaignMove(string code) => code switch
    {
        "collecting" => "Open to participants",
        "negotiating" => "Close the list and gather offers",
        "decided" => "Choose this offer",
        "contracted" => "The contract is signed",
        "closed" => "Close the campaign",
        _ => "Cancel the campaign",
    };

    public static string AlertCondition(string code) => code switch
    {
        "above" => "Above a threshold",
        "below" => "Below a threshold",
        "leak" => "Leak (flow all night)",
        "spike" => "Unusual day's consumption",
        _ => "Silent sensor",
    };

    public static string EtatDateState(string code) => code switch
    {
        "requested" => "Requested",
        "in_progress" => "In progress",
        "generated" => "PDF generated",
        "delivered" => "Delivered",
        "expired" => "Expired",
        _ => "Cancelled",
    };

    public static string CallFrequency(string code) => code switch
    {
        "monthly" => "Monthly",
        "half_yearly" => "Half-yearly",
        _ => "Quarterly",
    };

    public static string CallKind(string code) => code switch
    {
        "working_capital" => "Provisions for running charges",
        "reserve" => "Reserve fund",
        _ => "Extraordinary call for works",
    };

    public static readonly string[] CallKindCodes = Enum.GetValues<Domain.Accounting.CallKind>().Select(k => k.ToCode()).ToArray();

    public static string BankLineStatus(string code) => code switch
    {
        "matched" => "Matched",
        "ignored" => "Set aside",
        "pending" => "Being matched",
        _ => "To assign",
    };

    /// <summary>How a payment was recognised.</summary>
    public static string MatchedBy(string code) => code switch
    {
        "communication" => "Structured communication",
        "amount_and_name" => "Amount and name",
        "assigned" => "Bank line assigned by hand",
        _ => "Recorded by hand",
    };

    public static string ExchangeKind(string code) => code switch
    {
        "object_loan" => "Object lent",
        "shared_purchase" => "Shared purchase",
        _ => "Service",
    };

    public static readonly string[] ExchangeKindCodes = Enum.GetValues<Domain.Community.ExchangeKind>().Select(k => k.ToCode()).ToArray();

    public static string ExchangeStatus(string code) => code switch
    {
        "offered" => "Offered",
        "requested" => "Requested",
        "in_progress" => "In progress",
        "completed" => "Completed",
        _ => "Cancelled",
    };

    /// <summary>The categories of skills, offers and objects of the community pages.</summary>
    public static readonly string[] CommunityCategories = ["diy", "cooking", "tech", "creative", "education", "gardening", "mobility", "sewing", "pets", "care", "moving", "other"];

    public static string CommunityCategory(string code) => code switch
    {
        "diy" => "DIY and repairs",
        "cooking" => "Cooking and baking",
        "tech" => "Computers and phones",
        "creative" => "Design, photos, music",
        "education" => "Lessons and languages",
        "gardening" => "Gardening",
        "mobility" => "Bikes and cars",
        "sewing" => "Sewing and mending",
        "pets" => "Pet sitting",
        "care" => "Children and elderly care",
        "moving" => "Moving and carrying",
        _ => "Other",
    };

    public static readonly string[] ResourceKinds = ["common_room", "guest_parking", "laundry", "bike_station", "garden_plot", "other"];

    public static string ResourceKind(string code) => code switch
    {
        "common_room" => "Common room",
        "guest_parking" => "Guest parking",
        "laundry" => "Laundry",
        "bike_station" => "Bike repair station",
        "garden_plot" => "Garden plot",
        _ => "Other resource",
    };

    public static string BookingStatus(string code) => code switch
    {
        "pending" => "Waiting for approval",
        "confirmed" => "Confirmed",
        "refused" => "Refused",
        _ => "Cancelled",
    };

    /// <summary>The categories of the object library.</summary>
    public static readonly string[] ObjectCategories = ["tools", "books", "games", "outdoor", "kitchen", "kids", "car", "other"];

    public static string ObjectCategory(string code) => code switch
    {
        "tools" => "Tools",
        "books" => "Books and media",
        "games" => "Games",
        "outdoor" => "Sports and outdoors",
        "kitchen" => "Kitchen appliances",
        "kids" => "Baby and children",
        "car" => "Car accessories",
        _ => "Other",
    };

    public static readonly string[] ObjectConditions = ["new", "good", "fair", "worn"];

    public static string ObjectCondition(string code) => code switch
    {
        "new" => "As new",
        "good" => "Good",
        "fair" => "Fair",
        _ => "Worn",
    };

    public static string LoanStatus(string code) => code switch
    {
        "requested" => "Asked for",
        "approved" => "Approved",
        "refused" => "Refused",
        "lent" => "Lent",
        "returned" => "Returned",
        _ => "Cancelled",
    };

    public static readonly string[] NoticeKinds = ["announcement", "event", "lost_found", "recommendation", "question", "carpool", "group_buying"];

    public static string NoticeKind(string code) => code switch
    {
        "announcement" => "Announcement",
        "event" => "Event",
        "lost_found" => "Lost and found",
        "recommendation" => "Recommendation",
        "question" => "Question",
        "carpool" => "Carpool",
        _ => "Group buying",
    };

    public static readonly string[] SwapModes = ["give", "swap"];

    public static string SwapMode(string code) => code == "give" ? "To give" : "To swap";

    public static string SwapStatus(string code) => code switch
    {
        "available" => "Available",
        "reserved" => "Reserved",
        _ => "Given",
    };

    public static string Achievement(Domain.Community.Achievement a) => a switch
    {
        Domain.Community.Achievement.Exchanges => "Good neighbour: exchanges completed",
        Domain.Community.Achievement.NeighboursHelped => "Helping hand: neighbours helped",
        Domain.Community.Achievement.ObjectsLent => "Library friend: objects lent",
        Domain.Community.Achievement.EventsOrganised => "Event organiser: events announced",
        _ => "Eco warrior: shared purchases",
    };

    public static string AchievementLevel(Domain.Community.AchievementLevel level) => level switch
    {
        Domain.Community.AchievementLevel.Gold => "Gold",
        Domain.Community.AchievementLevel.Silver => "Silver",
        Domain.Community.AchievementLevel.Bronze => "Bronze",
        _ => "Not yet",
    };

    public static string LeaderboardPeriod(Domain.Community.LeaderboardPeriod period) => period switch
    {
        Domain.Community.LeaderboardPeriod.Month => "This month",
        Domain.Community.LeaderboardPeriod.Year => "This year",
        _ => "All time",
    };
}
