"""What the web pages say, in Dutch and English (dates and day counts: tracker.core.phrasing).
The buttons are the mails' (tracker.mail.render), so a page says what the mail said."""

from __future__ import annotations

from tracker.mail.render import LABELS as MAIL

WORDS = {
    "nl": {
        "site": "Vervolgafspraken", "skip": "Naar de inhoud",
        "buttons": MAIL["nl"]["buttons"], "all_actions": MAIL["nl"]["all_actions"],
        "action": "Actie", "deadline": "Deadline", "none": "geen", "report": "Verslag",
        "line": "regel {n}", "owner": "Eigenaar", "nobody": "niemand", "status": "Status",
        "open": "open", "done": "afgerond", "dropped": "vervallen",
        "history": "Geschiedenis", "in_report": "In het verslag",
        "title_close": "Actie #{id} afronden", "title_progress": "Voortgang melden bij #{id}",
        "title_due": "Nieuwe deadline voorstellen voor #{id}",
        "title_notmine": "Actie #{id} is niet van mij",
        "note_optional": "Toelichting (mag leeg blijven)",
        "note_progress": "Wat is er gedaan, wat staat nog open?",
        "due_new": "Nieuwe deadline", "due_reason": "Waarom? (mag leeg blijven)",
        "due_explain": "De coördinator beslist over je voorstel; tot dan blijft de deadline"
                       " zoals hij is.",
        "notmine_reason": "Waarom is deze actie niet van jou? Weet je van wie wel?",
        "notmine_explain": "De actie gaat terug naar de coördinator, met je uitleg; hij staat"
                           " dan niet meer in je mail.",
        "submit_close": "Markeer als afgerond", "submit_progress": "Voortgang opslaan",
        "submit_due": "Voorstel versturen", "submit_notmine": "Teruggeven aan de coördinator",
        "other_buttons": "Iets anders doen met deze actie:",
        "done_close": "Gelukt: #{id} is afgerond. Dank je!",
        "done_progress": "Gelukt: je voortgang bij #{id} is opgeslagen.",
        "done_due": "Gelukt: je voorstel ({date}) ligt bij de coördinator.",
        "done_notmine": "Gelukt: #{id} is teruggegeven aan de coördinator.",
        "pending_proposal": "Je voorstel voor een nieuwe deadline ({date}) wacht op de"
                            " coördinator.",
        "changed_since": "Deze actie is gewijzigd sinds de link werd gemaakt; hieronder staat"
                         " hoe hij nu is.",
        "state_done": "Deze actie is al afgerond ({when}, door {by}). Er is niets gewijzigd.",
        "state_dropped": "Deze actie is vervallen ({when}, door {by}). Er is niets gewijzigd.",
        "stale_form": "Deze actie is gewijzigd terwijl het formulier openstond; er is niets"
                      " opgeslagen. Kijk hieronder hoe hij nu is en probeer het zo nodig"
                      " opnieuw.",
        "mine_title": "Mijn acties", "mine_intro": "Je openstaande vervolgafspraken, {name}.",
        "mine_intro_team": "De openstaande vervolgafspraken van {name}.",
        "mine_empty": "Je hebt geen openstaande acties. Mooi zo!",
        "links_until": "Deze pagina en haar knoppen werken tot {date}, alleen voor jou.",
        "sections": {"overdue": "Verlopen", "soon": "Deze en volgende week", "later": "Later",
                     "undated": "Zonder deadline"},
        "ask": "Vragen? Mail de coördinator: {address}.",
        "kinds": {"created": "aangemaakt", "assigned": "toegewezen", "unassigned":
                  "eigenaar eraf", "due_changed": "deadline gewijzigd", "due_cleared":
                  "deadline weg", "closed": "afgerond", "reopened": "heropend", "dropped":
                  "vervallen", "noted": "voortgang", "edited": "tekst gewijzigd", "retitled":
                  "titel gewijzigd", "split": "gesplitst", "merged": "samengevoegd",
                  "revised": "nieuwe versie verslag", "reviewed": "beoordeeld",
                  "due_proposed": "deadline voorgesteld", "proposal_refused":
                  "voorstel geweigerd"},
        # The coordinator's overview.
        "overview_title": "Overzicht vervolgafspraken",
        "counts": "{n} open, {o} verlopen, {u} zonder eigenaar",
        "proposals": "Voorgestelde deadlines", "proposed_by": "voorgesteld door {by}",
        "proposed": "Voorstel", "accept": "Aanvaarden", "refuse": "Weigeren",
        "unassigned": "Zonder eigenaar", "assign_to": "Toewijzen aan", "assign": "Toewijzen",
        "choose": "kies een eigenaar", "hint": "genoemd in de tekst",
        "per_owner": "Open en verlopen per eigenaar", "per_report": "Open en verlopen per"
        " verslag", "overdue": "verlopen", "name": "Naam", "inactive": "gedeactiveerd",
        "more": "… en nog {n}: {command}",
        "assigned": "#{id} is toegewezen aan {owner}.",
        "accepted": "De nieuwe deadline van #{id} is {date}.",
        "refused": "Het voorstel voor #{id} is geweigerd; de deadline blijft.",
        "stale_overview": "#{id} is gewijzigd terwijl deze pagina openstond; er is niets"
                          " gedaan. Hieronder staat hoe het nu is.",
        "decided_already": "Over dit voorstel is al beslist; er is niets gedaan.",
        "error": "Niet gelukt: {message}",
        "form_errors": {
            "need_text": "Vul dit veld in.", "too_long": "Dat is te lang: hoogstens {n} tekens.",
            "need_date": "Geef een datum.",
            "bad_date": "'{value}' is geen datum: kies een datum, of schrijf bijvoorbeeld"
                        " 1 maart 2027.",
            "past_date": "Een nieuwe deadline ligt vandaag of later.",
            "same_date": "Dat is de deadline al.", "need_owner": "Kies een eigenaar."},
        # Refusals: what went wrong, and what to do.
        "invalid_title": "Deze link werkt niet",
        "invalid_text": "De link is niet geldig: misschien is hij niet helemaal meegekopieerd,"
                        " of hij is vervangen. Gebruik de knoppen in je volgende wekelijkse"
                        " mail, of vraag de coördinator.",
        "expired_title": "Deze link is verlopen",
        "expired_text": "De knoppen in een mail werken een paar weken. Gebruik de knoppen in je"
                        " volgende wekelijkse mail, of vraag de coördinator.",
        "gone_title": "Deze link geldt niet meer",
        "gone_text": "De actie is intussen aan iemand anders gegeven of teruggegeven, of je"
                     " adres is gewijzigd. Je volgende wekelijkse mail heeft links die wel"
                     " werken; vraag anders de coördinator.",
        "form_title": "Het formulier is verlopen",
        "form_text": "Er is niets opgeslagen. Open de link uit je mail opnieuw en probeer het"
                     " nog eens.",
        "limited_title": "Te veel ongeldige links",
        "limited_text": "Vanaf dit adres kwamen in korte tijd te veel ongeldige links. Probeer"
                        " het over een minuut opnieuw.",
        "notfound_title": "Pagina niet gevonden",
        "notfound_text": "Deze pagina bestaat niet. Gebruik de knoppen in je wekelijkse mail.",
        "method_title": "Dat kan zo niet",
        "method_text": "Deze pagina werkt alleen via de knoppen en formulieren zelf.",
        "bad_title": "Dat ging mis",
        "bad_text": "Het verzoek was onvolledig. Open de link uit je mail opnieuw.",
        "broken_title": "Er ging iets mis op de server",
        "broken_text": "Er is niets gewijzigd. Probeer het later opnieuw, of vraag de"
                       " coördinator.",
    },
    "en": {
        "site": "Follow-up actions", "skip": "Skip to the content",
        "buttons": MAIL["en"]["buttons"], "all_actions": MAIL["en"]["all_actions"],
        "action": "Action", "deadline": "Deadline", "none": "none", "report": "Report",
        "line": "line {n}", "owner": "Owner", "nobody": "nobody", "status": "Status",
        "open": "open", "done": "done", "dropped": "dropped",
        "history": "History", "in_report": "In the report",
        "title_close": "Close action #{id}", "title_progress": "Report progress on #{id}",
        "title_due": "Propose a new deadline for #{id}",
        "title_notmine": "Action #{id} is not mine",
        "note_optional": "Note (optional)",
        "note_progress": "What has been done, what is still open?",
        "due_new": "New deadline", "due_reason": "Why? (optional)",
        "due_explain": "The coordinator decides on your proposal; until then the deadline"
                       " stays as it is.",
        "notmine_reason": "Why is this action not yours? Do you know whose it is?",
        "notmine_explain": "The action goes back to the coordinator, with your explanation; it"
                           " is no longer in your mail then.",
        "submit_close": "Mark as done", "submit_progress": "Save progress",
        "submit_due": "Send proposal", "submit_notmine": "Hand back to the coordinator",
        "other_buttons": "Something else with this action:",
        "done_close": "Done: #{id} is closed. Thank you!",
        "done_progress": "Done: your progress on #{id} is saved.",
        "done_due": "Done: your proposal ({date}) is with the coordinator.",
        "done_notmine": "Done: #{id} is handed back to the coordinator.",
        "pending_proposal": "Your proposal for a new deadline ({date}) waits for the"
                            " coordinator.",
        "changed_since": "This action has changed since the link was made; below is how it"
                         " is now.",
        "state_done": "This action is closed already ({when}, by {by}). Nothing was changed.",
        "state_dropped": "This action was dropped ({when}, by {by}). Nothing was changed.",
        "stale_form": "This action changed while the form was open; nothing was saved. See"
                      " below how it is now, and try again if need be.",
        "mine_title": "My actions", "mine_intro": "Your open follow-up actions, {name}.",
        "mine_intro_team": "The open follow-up actions of {name}.",
        "mine_empty": "You have no open actions. Well done!",
        "links_until": "This page and its buttons work until {date}, only for you.",
        "sections": {"overdue": "Overdue", "soon": "Due this week and next", "later": "Later",
                     "undated": "No deadline"},
        "ask": "Questions? Mail the coordinator: {address}.",
        "kinds": {"created": "created", "assigned": "assigned", "unassigned": "owner taken off",
                  "due_changed": "deadline changed", "due_cleared": "deadline removed",
                  "closed": "closed", "reopened": "reopened", "dropped": "dropped",
                  "noted": "progress", "edited": "text edited", "retitled": "title edited",
                  "split": "split", "merged": "merged", "revised": "report revised",
                  "reviewed": "reviewed", "due_proposed": "deadline proposed",
                  "proposal_refused": "proposal refused"},
        "overview_title": "Follow-up overview",
        "counts": "{n} open, {o} overdue, {u} unassigned",
        "proposals": "Proposed deadlines", "proposed_by": "proposed by {by}",
        "proposed": "Proposal", "accept": "Accept", "refuse": "Refuse",
        "unassigned": "Unassigned", "assign_to": "Assign to", "assign": "Assign",
        "choose": "choose an owner", "hint": "named in the text",
        "per_owner": "Open and overdue by owner", "per_report": "Open and overdue by report",
        "overdue": "overdue", "name": "Name", "inactive": "deactivated",
        "more": "… and {n} more: {command}",
        "assigned": "#{id} is assigned to {owner}.",
        "accepted": "The new deadline of #{id} is {date}.",
        "refused": "The proposal for #{id} is refused; the deadline stays.",
        "stale_overview": "#{id} changed while this page was open; nothing was done. Below is"
                          " how it is now.",
        "decided_already": "This proposal was decided already; nothing was done.",
        "error": "Not done: {message}",
        "form_errors": {
            "need_text": "Please fill in this field.",
            "too_long": "That is too long: at most {n} characters.",
            "need_date": "Please give a date.",
            "bad_date": "'{value}' is no date: choose a date, or write e.g. 1 March 2027.",
            "past_date": "A new deadline is today or later.",
            "same_date": "That is the deadline already.", "need_owner": "Choose an owner."},
        "invalid_title": "This link does not work",
        "invalid_text": "The link is not valid: perhaps it was not copied completely, or it"
                        " has been replaced. Use the buttons in your next weekly mail, or ask"
                        " the coordinator.",
        "expired_title": "This link has expired",
        "expired_text": "The buttons in a mail work for a few weeks. Use the buttons in your"
                        " next weekly mail, or ask the coordinator.",
        "gone_title": "This link no longer applies",
        "gone_text": "The action has been given to someone else or handed back since, or your"
                     " address changed. Your next weekly mail has links that work; or ask the"
                     " coordinator.",
        "form_title": "The form has expired",
        "form_text": "Nothing was saved. Open the link from your mail again and try once more.",
        "limited_title": "Too many invalid links",
        "limited_text": "Too many invalid links came from this address in a short time. Try"
                        " again in a minute.",
        "notfound_title": "Page not found",
        "notfound_text": "This page does not exist. Use the buttons in your weekly mail.",
        "method_title": "That does not work this way",
        "method_text": "This page works only through its own buttons and forms.",
        "bad_title": "Something went wrong",
        "bad_text": "The request was incomplete. Open the link from your mail again.",
        "broken_title": "Something went wrong on the server",
        "broken_text": "Nothing was changed. Try again later, or ask the coordinator.",
    },
}


def words(language: str) -> dict:
    return WORDS.get(language, WORDS["nl"])
