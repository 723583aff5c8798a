import { describe, expect, it } from "vitest";
import { extractEntities } from "../../src/engines/local/entities.js";

/** "Today" for every reading here, so that past and future dates never drift. */
const NOW = new Date("2026-12-06T09:00:00Z");
const entities = (text: string, options: { expectingIdentity?: boolean; order?: "dmy" | "mdy" } = {}) =>
  extractEntities(text, options.order ?? "dmy", { now: NOW, expectingIdentity: options.expectingIdentity });

describe("local entities: phone numbers and dates come from the parsers", () => {
  it("keeps the number as the customer wrote it, in every common form", () => {
    for (const written of ["555-010-0001", "(555) 010-0001", "+1 555 010 0001", "5550100001", "555.010.0001", "1-555-010-0001"]) {
      expect(entities(`my number is ${written} and the data stopped`).phoneNumber).toBe(written);
    }
  });
  it("does not read a date, an amount or an order number as a phone number", () => {
    const e = entities("bill from 01/11/2026 was $45.20, order 1234567, 2 GB top-up");
    expect(e.phoneNumber).toBeUndefined();
    expect(e.amounts).toEqual([45.2]);
    expect(e.dates).toEqual(["2026-11-01"]);
  });
  it("keeps a number written right next to a birth date apart from it", () => {
    const e = entities("1-555-010-0001 12/04/1988");
    expect(e.phoneNumber).toBe("1-555-010-0001");
    expect(e.dateOfBirth).toBe("1988-04-12");
    expect(e.dates).toEqual([]);
  });
  it("a birth date is not also listed among the dates of the problem", () => {
    const e = entities("I'm Jane Smith, born 1985-03-12, no signal since 2026-11-28");
    expect(e.dateOfBirth).toBe("1985-03-12");
    expect(e.dates).toEqual(["2026-11-28"]);
  });
  it("lists relative dates as written", () => {
    expect(entities("no signal since monday and last night it dropped").dates).toEqual(["monday", "last night"]);
    expect(entities("my data stopped working yesterday, number 555-010-0001").dates).toEqual(["yesterday"]);
  });
  it("reads day first by default and month first when configured", () => {
    expect(entities("dob 04/12/1988").dateOfBirth).toBe("1988-12-04");
    expect(entities("dob 04/12/1988", { order: "mdy" }).dateOfBirth).toBe("1988-04-12");
  });
  it("reads a date of birth in words, with a two-digit year", () => {
    expect(entities("my number is 5550100002 and dob 12th april 88")).toMatchObject({ phoneNumber: "5550100002", dateOfBirth: "1988-04-12" });
  });
});

describe("local entities: names", () => {
  it("takes a bare name only when the agent asked for details or other details come with it", () => {
    expect(entities("its kevin patel").fullName).toBeUndefined();
    expect(entities("its kevin patel", { expectingIdentity: true }).fullName).toBe("Kevin Patel");
    expect(entities("linda nguyen 555 010 0005").fullName).toBe("Linda Nguyen");
  });
  it("never takes a complaint for a name", () => {
    for (const text of ["my phone was cut off", "no service", "I'm so annoyed", "I'm abroad in spain"]) {
      expect(entities(text, { expectingIdentity: true }).fullName).toBeUndefined();
    }
  });
  it("still finds places and devices beside identity details", () => {
    const e = entities("Robert Miller here, 5550100004, travelling to spain on 12/01/2027 with my iphone 14");
    expect(e).toMatchObject({ fullName: "Robert Miller", phoneNumber: "5550100004", location: "Spain", device: "iPhone 14", dates: ["2027-01-12"] });
  });
});
