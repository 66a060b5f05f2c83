import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { residentIdProblemMessages } from '../../../domain/id-number';

/** Tongpai's own English messages; zh-CN.ts must have the same keys (checked by the compiler and a test). */
export const tongpaiEn = {
  resources: {
    cases: {
      name: 'Case |||| Cases',
      fields: {
        id: 'Case id',
        q: 'Search name or ID number',
        status: 'Status',
        category: 'Person category',
        personName: 'Name',
        idNumber: 'ID number',
        idNumberMasked: 'ID number',
        stationId: 'Station',
        regionId: 'Region',
        operatorUsername: 'Operator',
        capturedAt: 'Captured at',
        updatedAt: 'Updated at',
        workflowId: 'Workflow',
        device: 'Capture device',
        failureReason: 'Failure reason',
        verdict: 'Verdict',
        failingChecks: 'Failing checks',
        master: {
          sha256: 'Master SHA-256',
          mimeType: 'Master format',
          bytes: 'Master size (bytes)',
          width: 'Width (px)',
          height: 'Height (px)',
        },
      },
      sections: {
        person: 'Person',
        capture: 'Capture',
        master: 'Master image',
        quality: 'Quality checks',
        photos: 'Standard photos',
        preview: 'Detection overlay',
      },
    },
    captures: {
      name: 'Capture |||| Captures',
      page: { create: 'New capture' },
      fields: {
        photo: 'Photo',
        personName: 'Name',
        idNumber: 'ID number',
        category: 'Person category',
        stationId: 'Station',
        device: 'Capture device',
      },
      notifications: { created: 'Capture received: the photo is being processed' },
    },
    stations: {
      name: 'Station |||| Stations',
      fields: {
        id: 'Code',
        nameZh: 'Name (Chinese)',
        nameEn: 'Name (English)',
        regionId: 'Region',
        network: 'Network',
      },
    },
  },
  tongpai: {
    title: 'Tongpai',
    menu: { new_capture: 'New capture' },
    sheet: { '6inch': '6-inch', '5inch': '5-inch', a4: 'A4' },
    verdict: {
      pass: 'Pass',
      review: 'Needs review',
      retake: 'Retake',
    },
    status: {
      received: 'Received',
      processing: 'Processing',
      processed: 'Processed',
      failed: 'Failed',
    },
    category: {
      resident: 'Mainland resident',
      hk_macao_taiwan: 'Hong Kong, Macao or Taiwan resident',
      foreigner: 'Foreigner',
      military: 'Military',
    },
    role: {
      operator: 'Window operator',
      reviewer: 'Reviewer',
      supervisor: 'Supervisor',
      auditor: 'Auditor',
      admin: 'Administrator',
      citizen: 'Citizen',
      third_party: 'Third party',
    },
    network: { police: 'Police network', gov: 'Government network' },
    errors: {
      session_expired: 'Your session has ended: please sign in again.',
      auth_server_unreachable: 'The sign-in server cannot be reached. Try again in a moment.',
      access_denied: 'Access denied: your role does not allow this.',
    },
    validation: {
      // The API's own wording, so the console and the API say the same.
      id_number: {
        format: residentIdProblemMessages.format.en,
        birth_date: residentIdProblemMessages.birth_date.en,
        checksum: residentIdProblemMessages.checksum.en,
      },
    },
    capture: {
      id_number_hint: 'Resident ID numbers are checked against GB 11643 before sending.',
      station_hint: 'Your station, from your account.',
      device_hint: 'Camera or device used, e.g. the webcam chosen below.',
      photo: {
        camera: 'Camera',
        file: 'File',
        choose_camera: 'Which camera',
        take: 'Take photo',
        retake: 'Take another',
        choose_file: 'Choose a photo file',
        change_file: 'Choose another file',
        starting: 'Starting the camera…',
        preview_alt: 'Photo to send',
        camera_denied: 'The browser was not allowed to use the camera. Allow it, or choose a file.',
        camera_missing: 'No camera found. Connect one, or choose a file.',
        camera_insecure: 'The camera needs a secure page (https or localhost). Choose a file instead.',
        camera_failed: 'The camera could not be started: %{reason}',
      },
    },
    case: {
      title: 'Case of %{name}',
      master_alt: 'Master image of the case',
      preview_alt: 'The master with the face, landmarks and every crop drawn',
      image_unavailable: 'The image could not be loaded: %{reason}',
      all_checks_pass: 'Every check passed.',
      no_photos: 'No standard photo could be made: capture again as the failing checks above say.',
      not_usable: 'Not to be issued',
      print_sheet: 'Print sheet (PDF)',
      sheet_failed: 'The print sheet could not be made: %{reason}',
      photo_size: '%{width}x%{height} px · %{dpi} dpi · %{kb} KB',
      refreshing: 'Updating while processing',
    },
  },
};

export const en: TranslationMessages = { ...englishMessages, ...tongpaiEn };
