import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  CARE_PRIORITIES,
  CONSCIOUSNESS_LEVELS,
  CONSENTS,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KNOWN_CONDITIONS,
  ONSETS,
  PALLIATIVE_PHASES,
  PLACES_OF_DEATH,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  REFERRER_TYPES,
  SEXES,
  SOFT_SIGNS,
  type ReferralSubmission,
} from '@frontdoor/domain';
import { NEWS2_PHYSIOLOGICAL_RANGES } from '@frontdoor/nhs';
import {
  IsDateOfBirth,
  IsGpPracticeCode,
  IsNhsNumber,
  IsOdsCode,
  IsUkPostcode,
  Nested,
} from './validators';

const oneOf = (codes: readonly string[]) => ({
  message: `must be one of: ${codes.join(', ')}`,
});
const eachOneOf = (codes: readonly string[]) => ({
  each: true,
  message: `each must be one of: ${codes.join(', ')}`,
});
const PHONE = /^[0-9+() -]{6,20}$/;
const range = (name: keyof typeof NEWS2_PHYSIOLOGICAL_RANGES) => NEWS2_PHYSIOLOGICAL_RANGES[name];

export class OrganisationDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsOdsCode() odsCode?: string;
}

export class ReferrerDto {
  @ApiProperty({ enum: REFERRER_TYPES })
  @IsIn(REFERRER_TYPES, oneOf(REFERRER_TYPES))
  type!: ReferralSubmission['referrer']['type'];

  @IsOptional() @Nested(() => OrganisationDto) organisation?: OrganisationDto;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(100) role?: string;
  @IsOptional() @Matches(PHONE, { message: 'must be a phone number' }) phone?: string;
}

/** Either a valid NHS number, or given name, family name and date of birth. */
const identifiedByName = (patient: PatientDto): boolean => !patient.nhsNumber;
/** A name is checked when it is needed, and whenever it is sent (it is stored either way). */
const nameChecked =
  (name: 'givenName' | 'familyName') =>
  (patient: PatientDto): boolean =>
    identifiedByName(patient) || patient[name] != null;

export class PatientDto {
  @ApiPropertyOptional({ example: '9990000018' })
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @ValidateIf(nameChecked('givenName'))
  @IsString({ message: 'is required when there is no NHS number' })
  @MinLength(1)
  @MaxLength(100)
  givenName?: string;

  @ValidateIf(nameChecked('familyName'))
  @IsString({ message: 'is required when there is no NHS number' })
  @MinLength(1)
  @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ example: '1938-04-02' })
  @ValidateIf(
    (patient: PatientDto) => identifiedByName(patient) || patient.dateOfBirth !== undefined,
  )
  @IsDateOfBirth()
  dateOfBirth?: string;

  @IsOptional() @IsIn(SEXES, oneOf(SEXES)) sex?: ReferralSubmission['patient']['sex'];
  @IsOptional() @IsUkPostcode() postcode?: string;
  @IsOptional() @IsGpPracticeCode() gpPracticeOdsCode?: string;
  @IsOptional() @IsBoolean() livesInCareHome?: boolean;
  @IsOptional() @Matches(PHONE, { message: 'must be a phone number' }) phone?: string;
  @IsOptional() @IsString() @MaxLength(500) communicationNeeds?: string;
}

export class ObservationsDto {
  @IsOptional()
  @IsInt()
  @Min(range('respiratoryRate').min)
  @Max(range('respiratoryRate').max)
  respiratoryRate?: number;

  @IsOptional() @IsInt() @Min(range('spo2').min) @Max(range('spo2').max) spo2?: number;
  @IsOptional() @IsIn([1, 2], { message: 'must be 1 or 2' }) spo2Scale?: 1 | 2;
  @IsOptional() @IsBoolean() onOxygen?: boolean;
  @IsOptional() @IsBoolean() hypercapnicTargetDocumented?: boolean;

  @IsOptional()
  @IsInt()
  @Min(range('systolicBp').min)
  @Max(range('systolicBp').max)
  systolicBp?: number;

  @IsOptional() @IsInt() @Min(range('pulse').min) @Max(range('pulse').max) pulse?: number;

  @IsOptional()
  @IsIn(CONSCIOUSNESS_LEVELS, oneOf(CONSCIOUSNESS_LEVELS))
  consciousness?: (typeof CONSCIOUSNESS_LEVELS)[number];

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(range('temperature').min)
  @Max(range('temperature').max)
  temperature?: number;
}

export class FallDto {
  @IsOptional() @IsBoolean() headStrike?: boolean;
  @IsOptional() @IsBoolean() lossOfConsciousness?: boolean;
  @IsOptional() @IsBoolean() suspectedFracture?: boolean;
  @IsOptional() @IsBoolean() unableToGetUp?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(10_080) longLieMinutes?: number;
}

export class EndOfLifeDto {
  @IsOptional()
  @IsIn(PALLIATIVE_PHASES, oneOf(PALLIATIVE_PHASES))
  phase?: (typeof PALLIATIVE_PHASES)[number];
  @IsOptional() @IsBoolean() onEndOfLifeRegister?: boolean;
  @IsOptional() @IsBoolean() syringeDriverNeeded?: boolean;
  @IsOptional() @IsBoolean() anticipatoryMedicinesInPlace?: boolean;
  @IsOptional()
  @IsIn(PLACES_OF_DEATH, oneOf(PLACES_OF_DEATH))
  preferredPlaceOfDeath?: (typeof PLACES_OF_DEATH)[number];
}

export class RespectDto {
  @IsBoolean() present!: boolean;
  @IsOptional() @IsIn(CPR_DECISIONS, oneOf(CPR_DECISIONS)) cpr?: (typeof CPR_DECISIONS)[number];
  @IsOptional()
  @IsIn(CARE_PRIORITIES, oneOf(CARE_PRIORITIES))
  carePriority?: (typeof CARE_PRIORITIES)[number];
  @IsOptional()
  @IsIn(HOSPITAL_TRANSFER, oneOf(HOSPITAL_TRANSFER))
  hospitalTransfer?: (typeof HOSPITAL_TRANSFER)[number];
}

export class ClinicalDto {
  @ApiProperty({ example: 'Slid from armchair, witnessed, no head strike, cannot get up.' })
  @IsString()
  @MinLength(3, { message: 'must say in a few words what has happened' })
  @MaxLength(4000)
  summary!: string;

  @ApiProperty({ enum: PRESENTING_NEEDS, isArray: true })
  @IsArray({ message: 'must be a list of needs' })
  @ArrayMinSize(1, { message: 'must name at least one need' })
  @ArrayMaxSize(PRESENTING_NEEDS.length)
  @ArrayUnique()
  @IsIn(PRESENTING_NEEDS, eachOneOf(PRESENTING_NEEDS))
  presentingNeeds!: ReferralSubmission['clinical']['presentingNeeds'];

  @ApiPropertyOptional({
    enum: ONSETS,
    description: 'When the need started or last got worse (within_48_hours = a crisis)',
  })
  @IsOptional()
  @IsIn(ONSETS, oneOf(ONSETS))
  onset?: ReferralSubmission['clinical']['onset'];

  @IsOptional() @Nested(() => ObservationsDto) observations?: ObservationsDto;
  @IsOptional() @IsInt() @Min(0) @Max(20) news2Stated?: number;
  @IsOptional() @IsInt() @Min(1) @Max(9) clinicalFrailtyScale?: number;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SOFT_SIGNS, eachOneOf(SOFT_SIGNS))
  softSigns?: ReferralSubmission['clinical']['softSigns'];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(RED_FLAG_FINDINGS, eachOneOf(RED_FLAG_FINDINGS))
  redFlagFindings?: ReferralSubmission['clinical']['redFlagFindings'];

  @IsOptional() @Nested(() => FallDto) fall?: FallDto | null;
  @IsOptional() @Nested(() => EndOfLifeDto) endOfLife?: EndOfLifeDto | null;
  @IsOptional() @Nested(() => RespectDto) respect?: RespectDto | null;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(KNOWN_CONDITIONS, eachOneOf(KNOWN_CONDITIONS))
  knownConditions?: ReferralSubmission['clinical']['knownConditions'];
}

/** POST /api/v1/referrals, and what the FHIR doors are mapped into. */
export class ReferralSubmissionDto implements ReferralSubmission {
  @ApiProperty({ type: ReferrerDto })
  @IsDefined({ message: 'is required' })
  @Nested(() => ReferrerDto)
  referrer!: ReferrerDto;

  @ApiProperty({ type: PatientDto })
  @IsDefined({ message: 'is required' })
  @Nested(() => PatientDto)
  patient!: PatientDto;

  @ApiProperty({ type: ClinicalDto })
  @IsDefined({ message: 'is required' })
  @Nested(() => ClinicalDto)
  clinical!: ClinicalDto;

  @ApiProperty({ enum: CONSENTS })
  @IsIn(CONSENTS, oneOf(CONSENTS))
  consent!: ReferralSubmission['consent'];
}
