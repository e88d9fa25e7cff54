// Reads an .ics file with Mozilla's ical.js (an independent iCalendar client) and prints JSON:
// the calendar's name and time zones, and each event's UID, SUMMARY, UTC start and end.
//
//   node check_ics.mjs plan.ics
//
// Every VTIMEZONE in the file is registered first, so TZID-qualified times are converted
// with the file's own zone rules, as a calendar application would.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const path = process.argv[2];
if (!path) {
  console.error("usage: node check_ics.mjs FILE.ics");
  process.exit(2);
}

const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
const zones = calendar.getAllSubcomponents("vtimezone");
for (const zone of zones) {
  ICAL.TimezoneService.register(zone);
}

const utc = (time) => time.convertToZone(ICAL.Timezone.utcTimezone).toJSDate().toISOString();

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const alarm = vevent.getFirstSubcomponent("valarm");
  return {
    uid: event.uid,
    summary: event.summary,
    sequence: event.sequence,
    tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    start_utc: utc(event.startDate),
    end_utc: utc(event.endDate),
    duration_s: event.duration.toSeconds(),
    status: vevent.getFirstPropertyValue("status"),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    description: event.description,
    alarm_trigger_s: alarm ? alarm.getFirstPropertyValue("trigger").toSeconds() : null,
  };
});

console.log(
  JSON.stringify(
    {
      version: calendar.getFirstPropertyValue("version"),
      prodid: calendar.getFirstPropertyValue("prodid"),
      name: calendar.getFirstPropertyValue("x-wr-calname"),
      timezones: zones.map((zone) => zone.getFirstPropertyValue("tzid")),
      events,
    },
    null,
    1,
  ),
);
