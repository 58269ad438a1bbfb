"""Why a service was chosen, and notes about a decision: stable ids with their text.

The ids are stored with a case (a caseworker can see why each service was
shown) and never change meaning; the English text is a gettext msgid, marked
with `N_` and translated only when shown.
"""

from __future__ import annotations

from bot.i18n import N_

WHAT_POLICE_NEED = N_(
    "They will need your screenshots with dates and links, the usernames, numbers or "
    "accounts involved, and when each thing happened."
)

REASONS: dict[str, str] = {
    # Emergency section
    "emergency_number": N_("Call if you or someone else is in danger now."),
    "police_emergency": N_("The police: call if you are in danger now."),
    "ambulance": N_("Call if you are hurt or need urgent medical help."),
    "crisis_line_self_harm": N_(
        "If you are thinking about hurting yourself, you can talk to someone here now."
    ),
    # Lines for violence against women
    "vaw_line_partner_or_ex": N_(
        "When the person is a partner or ex, start here: they know this kind of abuse, "
        "can help you plan for your safety and know the services near you."
    ),
    "vaw_line": N_(
        "A national line for women facing violence. Online abuse is violence too: "
        "you can call them about it."
    ),
    "domestic_violence_police_line": N_(
        "A police line for reporting violence by a partner, ex-partner or family member."
    ),
    "police_where_no_sos_line": N_(
        "There is no SOS line of its own here that we know of, so the police come first."
    ),
    # Children
    "child_helpline_minor": N_(
        "A helpline for children and young people under 18. You can talk to them about "
        "anything that is happening, online too."
    ),
    "child_helpline_if_under_18": N_("If you are under 18, this helpline is for you."),
    "child_helpline_minor_for_helper": N_(
        "A helpline for children and young people under 18. The person you are helping "
        "can talk to them about anything that is happening, online too."
    ),
    # Images
    "take_it_down_minor": N_(
        "Helps stop nude or sexual images of you from spreading online. It is free, and you "
        "do not have to give your name."
    ),
    "take_it_down_if_taken_under_18": N_(
        "If the images were taken before you turned 18, this tool can help remove them."
    ),
    "stopncii_adult": N_(
        "For adults: it makes a digital fingerprint of your images on your own device; the "
        "images are never uploaded. Partner platforms use the fingerprint to block them."
    ),
    "stopncii_if_adult": N_(
        "If you are 18 or over: it makes a digital fingerprint of your images on your own "
        "device; the images are never uploaded."
    ),
    "rph_uk": N_(
        "The UK helpline for intimate image abuse: advice, and help to get images taken down."
    ),
    "rph_outside_uk": N_(
        "A UK helpline whose website has advice for people outside the UK on getting "
        "images taken down."
    ),
    "report_remove_minor": N_("For under-18s in the UK: helps get nude images of you removed."),
    "report_remove_if_under_18": N_(
        "If you are under 18 and in the UK: helps get nude images of you removed."
    ),
    "ceop_minor": N_(
        "Report grooming, sextortion or online sexual abuse of a child to the police here."
    ),
    "ceop_if_under_18": N_(
        "If you are under 18: report grooming, sextortion or online sexual abuse here."
    ),
    "illegal_content_report": N_("You can report sexual images of children here."),
    "concerned_adult_helpline": N_(
        "For a parent or another adult worried about a child: talk it through with them "
        "before making a report."
    ),
    "platform_ncii": N_("Ask the platform directly to remove intimate images of you."),
    "sexual_violence_support": N_(
        "Support for anyone affected by sexual violence, including image-based abuse."
    ),
    # Crimes: what the police need
    "cybercrime_unit": N_("The unit for crimes committed online."),
    "police_report": N_(
        "The police can take a report of threats, stalking, doxxing or sextortion."
    ),
    # Specialists
    "stalking_helpline": N_("Specialist advice on stalking, including online tracking."),
    "lgbtq_hate": N_("Support for LGBT+ people facing abuse and hate."),
    "harmful_content": N_("If a platform did not act on your report, they can help."),
    "legal_aid": N_("Free legal advice about gender-based violence."),
    "digital_security": N_(
        "Help with the security of accounts and devices, for activists, journalists and "
        "human rights defenders."
    ),
    "related_service": N_("This service may be able to help with what happened."),
}
"""Reason ids for `ServiceMatch.reason_id`."""

FOLLOWED_BY_WHAT_POLICE_NEED = frozenset({"cybercrime_unit", "police_report"})
"""Reasons shown with `WHAT_POLICE_NEED` after them: a report goes better prepared."""

NOTES: dict[str, str] = {
    "ba_no_112": N_(
        "112 does not work in Bosnia and Herzegovina. Dial 122 for the police yourself, on "
        "the keypad: do not use your phone's emergency button or shortcut, because some "
        "phones turn the call into 112."
    ),
    "rs_112_not_confirmed": N_(
        "112 may not work everywhere in Serbia. Call the police on 192 or an ambulance on 194."
    ),
    "ba_brcko_no_sos_line": N_(
        "Brčko District has no SOS line of its own that we know of. The police (122) can help."
    ),
    "region_unknown": N_(
        "Some lines differ by region. We list each one with the name of its region."
    ),
    "no_local_services": N_(
        "We have no local services listed for where you are. These international services "
        "can be used from anywhere."
    ),
    "no_local_emergency_number": N_("If you are in danger now, call your local emergency number."),
    "no_child_helpline_listed": N_(
        "We have not found a child helpline for your country yet. The services below can "
        "still help."
    ),
    "no_crisis_line_listed": N_(
        "If you are thinking about ending your life, please call the emergency number now "
        "or tell someone you trust. You deserve help right now."
    ),
    "unverified_shown": N_(
        "Details marked (not yet verified) come from public sources we have not yet confirmed."
    ),
}
"""Notes shown to the survivor, by id (in `RoutingDecision.notes`)."""

EMERGENCY_NOTES = frozenset(
    {"ba_no_112", "rs_112_not_confirmed", "no_local_emergency_number", "no_crisis_line_listed"}
)
"""Notes that belong beside the emergency numbers rather than the services list."""

STANDALONE_EMERGENCY_NOTES = frozenset({"no_local_emergency_number", "no_crisis_line_listed"})
"""Emergency notes that make sense even when no number is listed above them."""

ADMIN_NOTES: dict[str, str] = {
    "unverified_hidden": "Unverified services were left out (show_unverified is off).",
}
"""Notes for caseworkers and administrators only; never shown to the survivor."""
